"""A quote's discount approval through the outbox, so whoever may decide it is told
(notifications) instead of polling their 待审批 list:

- pipeline.discount_approval_requested: a draft saved beyond its author's limit, or a
  draft whose discount the loss withdrew waiting again on a reopened deal (`reopened`);
  it names the delegates holding it for an away approver (quote_delegates.holding);
- pipeline.discount_decided: the first decision, by an approver or a delegate;
- pipeline.discount_withdrawn: nobody is to decide it any more (a newer version, the deal
  lost), before anyone did; or not now (`deal_sent_back`: the deal went back before
  方案设计, the discount is on hold), asked again (`resumed`) when the deal comes forward;
- pipeline.discount_escalated: it still waits a working day, then two (discount_clock).

Each is written in the transaction that changes the quote; an ask starts its clock, a
decision or withdrawal stops it."""

from __future__ import annotations

from datetime import datetime

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork

from pipeline.adapters import quotes_repo
from pipeline.adapters.quotes_repo import DealInfo
from pipeline.domain.quotes import Quote
from pipeline.service_layer import discount_clock
from pipeline.service_layer.deps import Deps

REVISED, LOST, SENT_BACK = "quote_revised", "deal_lost", "deal_sent_back"


async def _deal(uow: UnitOfWork, q: Quote) -> DealInfo:
    return (await quotes_repo.deal_info(uow.session, {q.opportunity_id}))[q.opportunity_id]


async def requested(uow: UnitOfWork, q: Quote, *, deps: Deps, now: datetime,
                    reopened: bool = False, resumed: bool = False) -> None:
    deal = await _deal(uow, q)
    uow.publish(ev_pb2.DiscountApprovalRequested(
        quote_id=q.id, opportunity_id=q.opportunity_id, version=q.version,
        approval_role=q.approval_role, owner_id=deal.owner_id, region_id=deal.region_id,
        account_name=deal.account_name, created_by=q.created_by,
        discount_bp=q.totals.discount_bp, total_fen=q.totals.total_fen,
        requested_at=ts(now),
        delegate_ids=await discount_clock.delegates_holding(uow, q, deal, org=deps.org),
        reopened=reopened, resumed=resumed),
        type="pipeline.discount_approval_requested", aggregate_id=q.opportunity_id)
    await discount_clock.start(uow, q, deps=deps, now=now)


async def decided(uow: UnitOfWork, q: Quote) -> None:
    deal = await _deal(uow, q)
    uow.publish(ev_pb2.DiscountDecided(
        quote_id=q.id, opportunity_id=q.opportunity_id, version=q.version,
        decided_by=q.decided_by, decision=q.approval, comment=q.decision_comment,
        owner_id=deal.owner_id, created_by=q.created_by, account_name=deal.account_name,
        decided_at=ts(q.decided_at)),
        type="pipeline.discount_decided", aggregate_id=q.opportunity_id)
    assert q.decided_at is not None
    await discount_clock.stop(uow, q, now=q.decided_at)


async def withdrawn(uow: UnitOfWork, q: Quote, *, why: str, now: datetime) -> None:
    deal = await _deal(uow, q)
    uow.publish(ev_pb2.DiscountWithdrawn(
        quote_id=q.id, opportunity_id=q.opportunity_id, why=why, owner_id=deal.owner_id,
        account_name=deal.account_name, withdrawn_at=ts(now)),
        type="pipeline.discount_withdrawn", aggregate_id=q.opportunity_id)
    await discount_clock.stop(uow, q, now=now)
