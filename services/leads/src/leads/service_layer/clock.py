"""The first-contact clock: started by leads.assigned, fired by the deadline scheduler."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.consumer import TransientError
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork

from leads.adapters import repository
from leads.domain import clock_events as ev
from leads.domain import lifecycle
from leads.domain.assignment import Why
from leads.domain.first_contact import OVERDUE, PERCENT
from leads.domain.model import ASSIGNED, Lead
from leads.service_layer import clock_batch, clock_messages
from leads.service_layer.assigning import choose
from leads.service_layer.clock_rules import ClockRules
from leads.service_layer.handlers import Deps
from leads.service_layer.lead_region import kept_region
from leads.service_layer.messages import publish_events

log = logging.getLogger(__name__)


async def start_clock(event: events_pb2.LeadAssigned, uow: UnitOfWork, rules: ClockRules) -> None:
    """Sets the owner's deadlines from the moment of assignment; any earlier clock of the
    lead (a previous owner's) is cancelled. An event that is not the lead's current
    assignment, or whose clock already runs, does nothing (clock_batch: a batch of one)."""
    await clock_batch.start_for(uow.session, [event], rules)


async def fire_deadline(row: Any, uow: UnitOfWork, deps: Deps, rules: ClockRules) -> None:
    """One due deadline: remind the owner, or escalate (and maybe reassign) when overdue.
    Deadlines of a stopped clock or of a previous owner are skipped, and so are those of a
    lead merged into another: the customer is the survivor's, whose own clock runs (the
    merge stays exactly undoable, so its rows are left alone rather than cancelled)."""
    lead = await repository.get(uow.session, lead_id=str(row.lead_id), for_update=True)
    if row.cancelled_at is not None or lead is None or lead.status != ASSIGNED \
            or lead.owner_id != row.owner_id or lead.merged_into:
        return
    due_at = lead.first_contact_due_at or row.due_at
    imported = str(row.import_id) if row.import_id else ""
    if row.kind != OVERDUE:
        if imported:  # told per owner with the import's other leads (import_clock.py)
            return
        clock_messages.publish(uow, [ev.FirstContactReminder(
            lead_id=lead.id, owner_id=lead.owner_id, owner_username=lead.owner_username,
            company=lead.company, name=lead.name, percent=PERCENT[row.kind], due_at=due_at)])
        return
    await _escalate(lead, due_at, uow, deps, rules, import_id=imported)


async def _escalate(lead: Lead, due_at: datetime, uow: UnitOfWork, deps: Deps,
                    rules: ClockRules, *, import_id: str) -> None:
    """An imported lead is not reassigned: an import's leads fall due together, and moving
    them would hand the same overload to the next rep (and tell them lead by lead)."""
    late_id, late_username = lead.owner_id, lead.owner_username
    try:
        managers = await deps.org.managers_of(lead.region_id)
        if rules.reassign_on_overdue and not import_id:
            # The same rules as any assignment pick the next rep; the late rep and the
            # managers are left out, so the lead moves to a rep or stays where it is.
            region = await kept_region(deps.org, lead)
            decision = await choose(uow.session, lead=lead, region=region, org=deps.org,
                                    now=deps.clock(),
                                    exclude={late_id, *(m.user_id for m in managers)})
            note = f"{late_username} 未在时限内首次联系，改派；"
            late = Why("overdue_moved", (("late", late_username),))
            if lifecycle.reassign(lead, replace(decision, reason=note + decision.reason,
                                                whys=(late, *decision.whys)),
                                  now=deps.clock()):
                await repository.save_assignment(uow.session, lead=lead)
                publish_events(uow, lead)  # leads.assigned: the new owner's clock starts
    except OrgUnavailable as error:
        # The scheduler rolls the batch back and tries again on its next tick.
        raise TransientError(str(error)) from error
    moved = lead.owner_id != late_id
    clock_messages.publish(uow, [ev.FirstContactOverdue(
        lead_id=lead.id, owner_id=late_id, owner_username=late_username,
        region_id=lead.region_id, company=lead.company, name=lead.name, due_at=due_at,
        manager_ids=tuple(m.user_id for m in managers),
        reassigned_to_id=lead.owner_id if moved else "",
        reassigned_to_username=lead.owner_username if moved else "", import_id=import_id)])
    log.info("lead %s first contact overdue (owner %s, reassigned: %s)", lead.id, late_id, moved)
