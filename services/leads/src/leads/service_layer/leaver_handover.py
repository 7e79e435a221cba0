"""A leaver's open leads go to their successor in one step (POST
/api/v1/admin/users/{id}/handover orchestrates this and pipeline's HandOverOpportunities).

Each lead moves the way a manager's reassign moves it (`Lead.reassign`): leads.reassigned
and leads.assigned for the new owner, so the first-contact clock starts afresh for a lead
still waiting for its first contact (the `leads-clock` consumer; a contacted lead has met
its clock and gets none). Their leads.assigned carry the handover's id, so notifications
tells the successor once, from the batch's leads.handed_over, not once per lead. Unlike a
single reassign, a handover does not count toward the successor's daily intake cap: those
leads are not new work arriving, and hundreds of them would close the successor's day.

Batches of BATCH leads, each in its own transaction with its events. A re-run (after one
service was down, or twice by mistake) moves what is left and counts 0 once done.

`hand_over_leads_by_rules` sends them back through the assignment rules instead, the
leaver left out (leaver_redistribution.py). The order and the checks every mode makes
first (reason, successor, the leaver's name) are handover_order.py; whose leads it may move is
servicekit.scope.handover_scope, and all of the leaver's for their own manager
(reading.leaver_regions).

`hand_over_qualified_leads`, in either mode: the leaver's qualified leads follow their
deals to `to_user` (pipeline hands the deals to the same person), so the successor reads
the lead, its contact log and decision chain of the deal they now work. They move as the
open ones do (reason, leads.reassigned + leads.assigned with the handover's id, one
leads.handed_over per batch) but get no first-contact clock: they were contacted (the
clock starts only for an `assigned` lead). Disqualified and merged leads stay.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.auth import Principal
from servicekit.uow import UnitOfWork

from leads.adapters import handover_repo, repository
from leads.domain import events
from leads.domain.model import Lead
from leads.service_layer import reading
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.handover_order import (
    BATCH,
    SUBJECT,
    HandOver,
    checked_reason,
    checked_successor,
    named_leaver,
)
from leads.service_layer.leaver_redistribution import hand_over_leads_by_rules
from leads.service_layer.messages import publish_events

# HandOver and hand_over_leads_by_rules are imported from here too (handover_grpc,
# tests): this module stays the handover's one entry point.
__all__ = ["BATCH", "SUBJECT", "HandOver", "hand_over_leads", "hand_over_leads_by_rules",
           "hand_over_qualified_leads"]


async def hand_over_leads(order: HandOver, *, principal: Principal, deps: Deps,
                          batch: int = BATCH) -> int:
    """How many open leads this run moved (0 when a previous run moved them all)."""
    regions = await reading.leaver_regions(order.from_user.user_id, principal, deps)
    reason = checked_reason(order)
    successor = await checked_successor(order, deps)
    order = replace(order, reason=reason, to_user=successor,
                    from_user=await named_leaver(order, deps))
    return await _move_all(order, regions, deps, batch, handover_repo.OPEN)


async def hand_over_qualified_leads(order: HandOver, *, principal: Principal, deps: Deps,
                                    tell_manager: bool = True, batch: int = BATCH) -> int:
    """How many qualified leads this run moved to `order.to_user` (the deals' successor);
    none without one. `tell_manager=False` (a rules handover): the leaver's manager hears
    of the rules' part only, whose summary names no successor."""
    if not order.to_user.user_id:
        return 0
    regions = await reading.leaver_regions(order.from_user.user_id, principal, deps)
    reason = checked_reason(order)
    successor = await checked_successor(order, deps)
    order = replace(order, reason=reason, to_user=successor,
                    from_user=await named_leaver(order, deps),
                    leaver_manager_id=order.leaver_manager_id if tell_manager else "")
    return await _move_all(order, regions, deps, batch, handover_repo.QUALIFIED)


async def _move_all(order: HandOver, regions: tuple[str, ...] | None, deps: Deps,
                    batch: int, statuses: tuple[str, ...]) -> int:
    moved = 0
    while True:
        found, count = await _one_batch(order, regions, deps, batch, statuses)
        moved += count
        if not found:  # a batch that lost every lead to a racer still looks again
            return moved


async def _one_batch(order: HandOver, regions: tuple[str, ...] | None, deps: Deps,
                     batch: int, statuses: tuple[str, ...]) -> tuple[int, int]:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        ids = await handover_repo.open_lead_ids(uow.session, owner_id=order.from_user.user_id,
                                                region_ids=regions, limit=batch,
                                                statuses=statuses)
        if not ids:
            return 0, 0
        locked = await repository.get_many_for_update(uow.session, lead_ids=ids)
        # Asked again under the lock: a concurrent run or the owner may have moved one.
        leads = [lead for lead in locked if lead.owner_id == order.from_user.user_id
                 and lead.status in statuses]
        now = deps.clock()
        for lead in leads:
            _move(lead, order, now)
        await repository.save_assignments(uow.session, batch=leads)
        for lead in leads:
            publish_events(uow, lead)
        if leads:
            uow.publish(_summary(order, leads, now), type=SUBJECT,
                        aggregate_id=order.handover_id)
        await uow.commit()
    return len(ids), len(leads)


def _move(lead: Lead, order: HandOver, now: datetime) -> None:
    note = order.note
    lead.reassign(order.to_user, by=order.by, reason=note, now=now, qualified_too=True)
    lead.assignment_reason = note  # not "<who> 改派：…": the handover names both people
    # The reassign's codes would say a manager moved it; the handover's note says why.
    lead.events = [replace(e, reason=note, reasons=(), handover_id=order.handover_id)
                   if isinstance(e, events.LeadAssigned) else e for e in lead.events]


def _summary(order: HandOver, leads: list[Lead], now: datetime) -> events_pb2.LeadsHandedOver:
    message = events_pb2.LeadsHandedOver(
        handover_id=order.handover_id, from_user_id=order.from_user.user_id,
        from_username=order.from_user.username, to_user_id=order.to_user.user_id,
        to_username=order.to_user.username, by_user_id=order.by.user_id,
        reason=order.reason, count=len(leads), lead_ids=[lead.id for lead in leads],
        leaver_manager_id=order.leaver_manager_id)
    message.at.FromDatetime(now)
    return message
