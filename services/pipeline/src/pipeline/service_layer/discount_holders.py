"""A delegation set, moved to another delegate, ended or run out changes who holds the
waiting discounts of the away approver (domain/quote_delegates.holding): the new
delegate is asked (「报价折扣待您审批」), and a delegate who no longer holds one can no
longer decide it, so their item goes. As contract steps announce a step handed to a
delegate (or back) with a new ApprovalRequested. Before, a delegation that started after
the discount was requested left the delegate unaware of it until they opened their list.

The use case takes a `snapshot` of the holders before it changes the delegation and calls
`announce` after, in the same transaction: each waiting discount (still decidable: its
deal open and not sent back before 方案设计) whose holders changed gets
pipeline.discount_approval_requested with `handed_on` and the holders as they are now.
The approvers themselves were asked when it was requested and are not asked again; the
reminder clock runs on (the approvers have had it all along)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork

from pipeline.adapters import catalogue_repo, quotes_repo
from pipeline.adapters.quotes_repo import DealInfo
from pipeline.domain import stage_rules, stages
from pipeline.domain.quote_delegates import StandIn, holding
from pipeline.domain.quotes import Quote
from pipeline.service_layer.deps import Directory
from pipeline.service_layer.quote_delegation import away_now

Holders = dict[str, tuple[str, ...]]


async def snapshot(uow: UnitOfWork, org: Directory | None, *,
                   ended: Sequence[StandIn] = ()) -> Holders:
    """Who holds each decidable waiting discount now; `ended`: delegations that have just
    run out (no longer in force, but held until now)."""
    return {q.id: held for q, _, held in await _held(uow, org, ended)}


async def announce(uow: UnitOfWork, before: Holders, *, org: Directory | None,
                   now: datetime) -> int:
    """pipeline.discount_approval_requested (handed_on) for each discount whose holders
    changed since `before`; how many."""
    told = 0
    for q, deal, held in await _held(uow, org, ()):
        if set(held) == set(before.get(q.id, ())):
            continue
        uow.publish(ev_pb2.DiscountApprovalRequested(
            quote_id=q.id, opportunity_id=q.opportunity_id, version=q.version,
            approval_role=q.approval_role, owner_id=deal.owner_id, region_id=deal.region_id,
            account_name=deal.account_name, created_by=q.created_by,
            discount_bp=q.totals.discount_bp, total_fen=q.totals.total_fen,
            requested_at=ts(now), delegate_ids=list(held), handed_on=True),
            type="pipeline.discount_approval_requested", aggregate_id=q.opportunity_id)
        told += 1
    return told


async def _held(uow: UnitOfWork, org: Directory | None, ended: Sequence[StandIn]
                ) -> list[tuple[Quote, DealInfo, tuple[str, ...]]]:
    away = await away_now(uow.session, org)
    stand_ins = (*away.stand_ins, *ended)
    limits = await catalogue_repo.limits(uow.session)
    waiting = await quotes_repo.waiting_discounts(uow.session)
    deals = await quotes_repo.deal_info(uow.session, {q.opportunity_id for q in waiting})
    found = []
    for q in waiting:
        deal = deals.get(q.opportunity_id)
        if deal is None or deal.stage in stages.CLOSED or stage_rules.discount_on_hold(
                deal.stage):
            continue  # nobody decides it now: asked again when it may be (discount_hold)
        held = holding(stand_ins, q, owner_id=deal.owner_id, region_id=deal.region_id,
                       limits=limits, directors_away=away.directors_away) if stand_ins else ()
        found.append((q, deal, tuple(dict.fromkeys(s.delegate_id for s in held))))
    return found
