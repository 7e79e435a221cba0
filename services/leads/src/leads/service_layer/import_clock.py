"""An import's first-contact thresholds, told once per owner instead of once per lead.

All clocks of one import start within a minute or two, so they fall due together: 5,000
leads for a rep were 5,000 reminders at 50 %, 5,000 at 90 %, then 5,000 escalations to
the manager and as many reassignments. An imported lead's own deadlines still run (its
due time, the overdue list, the KPI's leads.first_contact_overdue), but its reminders are
not published and it is not reassigned; `import_clocks` holds one row per (import, owner,
kind), due when the last of those leads passes the threshold, and this job publishes
leads.import_first_contact_due with how many of them still wait for a first contact.
"""

from __future__ import annotations

import logging
from typing import Any

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.consumer import TransientError
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork

from leads.adapters import import_clocks
from leads.domain.first_contact import FRACTIONS, OVERDUE
from leads.service_layer.handlers import Deps

log = logging.getLogger(__name__)
SUBJECT = "leads.import_first_contact_due"


async def fire(row: Any, uow: UnitOfWork, deps: Deps) -> None:
    now = deps.clock()
    found = await import_clocks.waiting(uow.session, import_id=row.import_id,
                                        owner_id=row.owner_id, kind=row.kind, at=now)
    if not found.leads:  # all contacted (or handed on) in time: nothing to say
        return
    managers: list[str] = []
    if row.kind == OVERDUE:
        try:
            for region in found.region_ids:
                managers += [m.user_id for m in await deps.org.managers_of(region)]
        except OrgUnavailable as error:  # rolled back; the next tick retries
            raise TransientError(str(error)) from error
    message = events_pb2.LeadImportFirstContactDue(
        import_id=str(row.import_id), file_name=found.file_name, owner_id=row.owner_id,
        owner_username=found.owner_username, kind=row.kind,
        percent=round(FRACTIONS[row.kind] * 100), leads=found.leads,
        manager_ids=list(dict.fromkeys(managers)))
    if found.first_due is not None and found.last_due is not None:
        message.first_due_at.FromDatetime(found.first_due)
        message.last_due_at.FromDatetime(found.last_due)
    message.as_of.FromDatetime(now)
    uow.publish(message, type=SUBJECT, aggregate_id=str(row.import_id))
    log.info("import %s: %d leads of %s passed %s", row.import_id, found.leads,
             row.owner_id, row.kind)
