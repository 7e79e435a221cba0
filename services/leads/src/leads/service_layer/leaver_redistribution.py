"""A leaver's open leads back through the assignment rules (`POST /api/v1/admin/users/{id}/
handover` with `"leads_to": "rules"`), instead of to one successor.

Each open lead (assigned, contacted) is decided as a new lead would be (deciding.decide_all:
its matching rules' teams, then its region's team, then the region's manager), with the
leaver left out. It moves the way leaver_handover moves a lead (`Lead.reassign`:
leads.reassigned, then leads.assigned carrying the handover's id, so the leads-clock
consumer starts a fresh first-contact clock where the first contact is still owed) and its
assignment reason says both why it moved and which rule or team took it:
「离职交接：X 的线索按分配规则重新分配（原因）；规则「…」匹配；…」. Unlike a one-successor
handover, these leads count toward their new owners' day as any assignment does: the rules'
turns, weights and daily caps are what spreads them.

Told once: each batch publishes one leads.handed_over per new owner (their count; the
leaver's manager not on it) and, when the leaver has a manager, one for the manager with
no successor and the batch's whole count; notifications adds them up per person under the
handover's id. A lead nobody else can take (no rep, no manager of its region) stays with
the leaver and is counted `unplaced`; a re-run tries it again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.auth import Principal
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork

from leads.adapters import handover_repo, repository
from leads.domain import events
from leads.domain.assignment import Decision
from leads.domain.model import Lead
from leads.service_layer import deciding, reading
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.handover_order import (
    BATCH,
    SUBJECT,
    HandOver,
    checked_reason,
    checked_successor,
    named_leaver,
)
from leads.service_layer.lead_region import kept_region
from leads.service_layer.messages import publish_events
from leads.service_layer.rules_admin import DirectoryUnavailable

BY_RULES = "分配规则"  # the manager's summary names no successor: the rules chose


@dataclass(frozen=True)
class Redistributed:
    moved: int = 0
    unplaced: int = 0


async def hand_over_leads_by_rules(order: HandOver, *, principal: Principal, deps: Deps,
                                   batch: int = BATCH) -> Redistributed:
    """The leaver's open leads back through the assignment rules, the leaver left out;
    `order.to_user`, when given, is only checked here (the qualified leads go to them:
    leaver_handover.hand_over_qualified_leads)."""
    regions = await reading.leaver_regions(order.from_user.user_id, principal, deps)
    order = replace(order, reason=checked_reason(order),
                    from_user=await named_leaver(order, deps))
    if order.to_user.user_id:  # the qualified leads' successor: refused before anything moves
        await checked_successor(order, deps)
    return await redistribute(order, regions, deps, batch)


async def redistribute(order: HandOver, regions: tuple[str, ...] | None, deps: Deps,
                       batch: int) -> Redistributed:
    """Batches until every open lead of the leaver was moved or tried (`regions`: a
    manager's scope, None for all)."""
    tried: set[str] = set()
    moved = 0
    while True:
        found, placed, left = await _one_batch(order, regions, deps, batch, tried)
        moved += placed
        tried |= set(left)
        if not found:
            return Redistributed(moved, len(tried))


async def _one_batch(order: HandOver, regions: tuple[str, ...] | None, deps: Deps,
                     batch: int, tried: set[str]) -> tuple[int, int, list[str]]:
    leaver = order.from_user.user_id
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        ids = await handover_repo.open_lead_ids(uow.session, owner_id=leaver,
                                                region_ids=regions, limit=batch, skip=tried)
        if not ids:
            return 0, 0, []
        locked = await repository.get_many_for_update(uow.session, lead_ids=ids)
        # Asked again under the lock: a concurrent run or the owner may have moved one.
        leads = [lead for lead in locked
                 if lead.owner_id == leaver and lead.status in handover_repo.OPEN]
        try:
            decided = await deciding.decide_all(
                uow.session, leads, org=deps.org, regions=deps.org.resolve_region,
                clock=deps.clock, exclude={leaver},
                region_of=lambda lead: kept_region(deps.org, lead))
        except OrgUnavailable as error:
            raise DirectoryUnavailable("组织目录暂时不可用") from error
        placed = [_move(plan.lead, decision, order, decided.now)
                  for plan, decision in decided.decisions if decision.owner is not None]
        await decided.turns.save()
        await repository.save_assignments(uow.session, batch=placed)
        for lead in placed:
            publish_events(uow, lead)
        for summary in _summaries(order, placed, decided.now):
            uow.publish(summary, type=SUBJECT, aggregate_id=order.handover_id)
        await uow.commit()
    moved = {lead.id for lead in placed}
    return len(ids), len(placed), [lead.id for lead in leads if lead.id not in moved]


def _move(lead: Lead, decision: Decision, order: HandOver, now: datetime) -> Lead:
    assert decision.owner is not None
    why = f"（{order.reason}）" if order.reason else ""
    note = f"离职交接：{order.from_user.shown} 的线索按分配规则重新分配{why}"
    lead.reassign(decision.owner, by=order.by, reason=note, now=now)
    lead.assignment_reason = f"{note}；{decision.reason}"
    lead.assignment_rule_id = decision.rule_id
    lead.events = [replace(e, reason=lead.assignment_reason, reasons=decision.whys,
                           handover_id=order.handover_id)
                   if isinstance(e, events.LeadAssigned) else e for e in lead.events]
    return lead


def _summaries(order: HandOver, placed: list[Lead], now: datetime
               ) -> list[events_pb2.LeadsHandedOver]:
    by_owner: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lead in placed:
        by_owner[(lead.owner_id, lead.owner_username)].append(lead.id)
    found = [_summary(order, owner, name, ids, "", now)
             for (owner, name), ids in sorted(by_owner.items())]
    if placed and order.leaver_manager_id:
        found.append(_summary(order, "", BY_RULES, [lead.id for lead in placed],
                              order.leaver_manager_id, now))
    return found


def _summary(order: HandOver, to_user_id: str, to_username: str, lead_ids: list[str],
             manager_id: str, now: datetime) -> events_pb2.LeadsHandedOver:
    message = events_pb2.LeadsHandedOver(
        handover_id=order.handover_id, from_user_id=order.from_user.user_id,
        from_username=order.from_user.username, to_user_id=to_user_id,
        to_username=to_username, by_user_id=order.by.user_id, reason=order.reason,
        count=len(lead_ids), lead_ids=lead_ids, leaver_manager_id=manager_id)
    message.at.FromDatetime(now)
    return message
