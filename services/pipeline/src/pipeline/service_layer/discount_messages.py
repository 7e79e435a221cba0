"""A quote's discount approval through the outbox, so whoever may decide it is told
(notifications) instead of polling their 待审批 list:

- pipeline.discount_approval_requested: a draft saved beyond its author's limit, or a
  draft whose discount the loss withdrew waiting again on a reopened deal (`reopened`);
  it names the delegates holding it for an away approver (quote_delegates.holding);
- pipeline.discount_decided: the first decision, by an approver or a delegate;
- pipeline.discount_withdrawn: nobody is to decide it any more (a newer version, the deal
  lost), before anyone did.

Each is written in the transaction that changes the quote."""

from __future__ import annotations

from datetime import datetime

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork

from pipeline.adapters import catalogue_repo, quotes_repo
from pipeline.adapters.quotes_repo import DealInfo
from pipeline.domain.quote_delegates import holding
from pipeline.domain.quotes import Quote
from pipeline.service_layer.deps import Directory
from pipeline.service_layer.quote_delegation import away_now

REVISED, LOST = "quote_revised", "deal_lost"


async def _deal(uow: UnitOfWork, q: Quote) -> DealInfo:
    return (await quotes_repo.deal_info(uow.session, {q.opportunity_id}))[q.opportunity_id]


async def requested(uow: UnitOfWork, q: Quote, *, org: Directory | None, now: datetime,
                    reopened: bool = False) -> None:
    deal = await _deal(uow, q)
    away = await away_now(uow.session, org)  # delegations as kept when the directory is down
    held = holding(away.stand_ins, q, owner_id=deal.owner_id, region_id=deal.region_id,
                   limits=await catalogue_repo.limits(uow.session),
                   directors_away=away.directors_away) if away.stand_ins else ()
    uow.publish(ev_pb2.DiscountApprovalRequested(
        quote_id=q.id, opportunity_id=q.opportunity_id, version=q.version,
        approval_role=q.approval_role, owner_id=deal.owner_id, region_id=deal.region_id,
        account_name=deal.account_name, created_by=q.created_by,
        discount_bp=q.totals.discount_bp, total_fen=q.totals.total_fen,
        requested_at=ts(now), delegate_ids=list(dict.fromkeys(s.delegate_id for s in held)),
        reopened=reopened),
        type="pipeline.discount_approval_requested", aggregate_id=q.opportunity_id)


async def decided(uow: UnitOfWork, q: Quote) -> None:
    deal = await _deal(uow, q)
    uow.publish(ev_pb2.DiscountDecided(
        quote_id=q.id, opportunity_id=q.opportunity_id, version=q.version,
        decided_by=q.decided_by, decision=q.approval, comment=q.decision_comment,
        owner_id=deal.owner_id, created_by=q.created_by, account_name=deal.account_name,
        decided_at=ts(q.decided_at)),
        type="pipeline.discount_decided", aggregate_id=q.opportunity_id)


async def withdrawn(uow: UnitOfWork, q: Quote, *, why: str, now: datetime) -> None:
    deal = await _deal(uow, q)
    uow.publish(ev_pb2.DiscountWithdrawn(
        quote_id=q.id, opportunity_id=q.opportunity_id, why=why, owner_id=deal.owner_id,
        account_name=deal.account_name, withdrawn_at=ts(now)),
        type="pipeline.discount_withdrawn", aggregate_id=q.opportunity_id)
