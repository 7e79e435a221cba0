"""A waiting quote discount is chased as a contract step is (approving.fire_deadline):
each time it is asked (saved beyond its author's limit, asked again on a reopened deal or
a deal come forward) it gets two `discount_deadlines` rows counted in working time on the
mainland calendar — the reminder (level 1, SALESOS_APPROVAL_REMIND_HOURS, to whoever it
asked) and the escalation (level 2, SALESOS_APPROVAL_ESCALATE_HOURS, the directors told
too). A decision, a withdrawal or the deal sent back before 方案设计 cancels them; the job
(servicekit.scheduler, SKIP LOCKED, the row marked fired in the same transaction) also
fires nothing for a quote that no longer waits, or whose deal is closed or on hold.
pipeline.discount_escalated goes through the outbox."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from servicekit.protos import timestamp as ts
from servicekit.scheduler import DueJob
from servicekit.uow import UnitOfWork
from servicekit.workcal.loader import report_fallbacks
from sqlalchemy import insert, update
from uuid6 import uuid7

from pipeline.adapters import catalogue_repo, quotes_repo
from pipeline.adapters.quotes_orm import discount_deadlines
from pipeline.adapters.quotes_repo import DealInfo
from pipeline.domain import stage_rules, stages
from pipeline.domain.quote_delegates import holding
from pipeline.domain.quotes import DRAFT, PENDING, Quote
from pipeline.service_layer.deps import Deps, Directory
from pipeline.service_layer.quote_delegation import away_now

REMINDER, ESCALATION = 1, 2


async def start(uow: UnitOfWork, q: Quote, *, deps: Deps, now: datetime) -> None:
    """A fresh clock for an ask (any earlier one of the quote is cancelled)."""
    timing = await deps.approval_timing(uow.session, now)
    if timing.calendar is not None:
        report_fallbacks(timing.calendar, subject="discount approval")
    await stop(uow, q, now=now)
    await uow.session.execute(insert(discount_deadlines), [
        dict(id=uuid7(), quote_id=uuid.UUID(q.id), level=REMINDER,
             due_at=timing.after(now, timing.remind_after)),
        dict(id=uuid7(), quote_id=uuid.UUID(q.id), level=ESCALATION,
             due_at=timing.after(now, timing.escalate_after))])


async def stop(uow: UnitOfWork, q: Quote, *, now: datetime) -> None:
    await uow.session.execute(update(discount_deadlines).where(
        discount_deadlines.c.quote_id == uuid.UUID(q.id),
        discount_deadlines.c.fired_at.is_(None)).values(fired_at=now))


async def fire(uow: UnitOfWork, row: Any, *, deps: Deps) -> None:
    """One due row: a reminder or an escalation, if the discount still waits."""
    q = await quotes_repo.get(uow.session, quote_id=str(row.quote_id))
    if q is None or q.state != DRAFT or q.approval != PENDING:
        return  # decided, revised or withdrawn meanwhile: nothing to say
    deal = (await quotes_repo.deal_info(uow.session, {q.opportunity_id}))[q.opportunity_id]
    if deal.stage in stages.CLOSED or stage_rules.discount_on_hold(deal.stage):
        return
    uow.publish(ev_pb2.DiscountEscalated(
        quote_id=q.id, opportunity_id=q.opportunity_id, version=q.version,
        approval_role=q.approval_role, owner_id=deal.owner_id, region_id=deal.region_id,
        account_name=deal.account_name, created_by=q.created_by,
        discount_bp=q.totals.discount_bp, total_fen=q.totals.total_fen, level=row.level,
        at=ts(row.due_at), delegate_ids=await delegates_holding(uow, q, deal, org=deps.org)),
        type="pipeline.discount_escalated", aggregate_id=q.opportunity_id)


async def delegates_holding(uow: UnitOfWork, q: Quote, deal: DealInfo, *,
                            org: Directory | None) -> list[str]:
    """The delegates holding the pending discount for an away approver, as of now."""
    away = await away_now(uow.session, org)  # delegations as kept when the directory is down
    held = holding(away.stand_ins, q, owner_id=deal.owner_id, region_id=deal.region_id,
                   limits=await catalogue_repo.limits(uow.session),
                   directors_away=away.directors_away) if away.stand_ins else ()
    return list(dict.fromkeys(s.delegate_id for s in held))


def deadline_job(deps: Deps, *, interval_seconds: float) -> DueJob:
    async def handle(uow: Any, row: Any) -> None:
        await fire(uow, row, deps=deps)

    return DueJob(name="discount_deadlines", table=discount_deadlines, handler=handle,
                  interval_seconds=interval_seconds)
