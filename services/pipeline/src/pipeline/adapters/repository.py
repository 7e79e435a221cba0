"""Opportunities with their ticked steps and stage history; keyset pages for lists."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from servicekit.db import scope_clause
from servicekit.scope import Scope
from sqlalchemy import Select, delete, false, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from pipeline.adapters.orm import opportunities as opps
from pipeline.adapters.orm import stage_changes, step_checks
from pipeline.domain import stages
from pipeline.domain.model import Opportunity, StageChange, StepCheck


@dataclass(frozen=True)
class OpportunityFilter:
    stage: str = ""
    owner_id: str = ""
    region_id: str = ""
    status: str = ""
    lead_id: str = ""
    created_after: datetime | None = None    # inclusive
    created_before: datetime | None = None   # exclusive
    closed_after: datetime | None = None     # won or lost at or after (inclusive)
    closed_before: datetime | None = None    # exclusive


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


async def add(session: AsyncSession, opp: Opportunity, *, created_by: str,
              idempotency_key: str | None, request_hash: str | None = None) -> None:
    await session.execute(insert(opps).values(
        id=uuid.UUID(opp.id), account_id=uuid.UUID(opp.account_id), title=opp.title,
        amount_fen=opp.amount_fen, stage=opp.stage, status=opp.status,
        owner_id=opp.owner_id, owner_username=opp.owner_username, region_id=opp.region_id,
        lead_id=uuid.UUID(opp.lead_id) if opp.lead_id else None,
        process_version=opp.process_version, stage_entered_at=opp.stage_entered_at,
        created_by=created_by, idempotency_key=idempotency_key, request_hash=request_hash,
        created_at=opp.created_at))


async def by_key(session: AsyncSession, *, created_by: str,
                 key: str) -> tuple[str, str | None] | None:
    """The deal this person's key opened, and the fingerprint of that request."""
    row = (await session.execute(select(opps.c.id, opps.c.request_hash).where(
        opps.c.created_by == created_by, opps.c.idempotency_key == key))).first()
    return (str(row.id), row.request_hash) if row else None


async def id_by_lead(session: AsyncSession, *, lead_id: str) -> str | None:
    value = (await session.execute(select(opps.c.id).where(
        opps.c.lead_id == uuid.UUID(lead_id)))).scalar_one_or_none()
    return str(value) if value else None


async def get(session: AsyncSession, *, opportunity_id: str,
              for_update: bool = False) -> Opportunity | None:
    key = _uuid(opportunity_id)
    if key is None:
        return None
    query = select(opps).where(opps.c.id == key)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    if row is None:
        return None
    opp = from_row(row)
    checks = await session.execute(select(step_checks).where(step_checks.c.opportunity_id == key))
    opp.steps_done = {r.step_id: StepCheck(r.step_id, r.done_by, r.done_at) for r in checks}
    history = await session.execute(select(stage_changes).where(
        stage_changes.c.opportunity_id == key).order_by(stage_changes.c.at, stage_changes.c.id))
    opp.history = [StageChange(r.from_stage, r.to_stage, r.by_user_id, r.at, r.reason)
                   for r in history]
    return opp


async def save_step(session: AsyncSession, opp: Opportunity, step_id: str) -> None:
    check = opp.steps_done[step_id]
    await session.execute(insert(step_checks).values(
        opportunity_id=uuid.UUID(opp.id), step_id=step_id, done_by=check.done_by,
        done_at=check.done_at))


async def untick(session: AsyncSession, *, opportunity_id: str, step_id: str) -> None:
    await session.execute(delete(step_checks).where(
        step_checks.c.opportunity_id == uuid.UUID(opportunity_id),
        step_checks.c.step_id == step_id))


async def save_stage(session: AsyncSession, opp: Opportunity, *,
                     idempotency_key: str | None = None,
                     request_hash: str | None = None) -> None:
    """The deal's stage and status, and its last move (a keyed move keeps its key there)."""
    change = opp.history[-1]
    await session.execute(update(opps).where(opps.c.id == uuid.UUID(opp.id)).values(
        stage=opp.stage, status=opp.status, lost_reason=opp.lost_reason,
        stage_entered_at=opp.stage_entered_at))
    await session.execute(insert(stage_changes).values(
        id=uuid7(), opportunity_id=uuid.UUID(opp.id), from_stage=change.from_stage,
        to_stage=change.to_stage, by_user_id=change.by_user_id, at=change.at,
        reason=change.reason, idempotency_key=idempotency_key, request_hash=request_hash))
    if opp.cleared:  # sent back: those stages are redone (the move's row says why)
        await session.execute(delete(step_checks).where(
            step_checks.c.opportunity_id == uuid.UUID(opp.id),
            step_checks.c.step_id.in_(opp.cleared)))


async def set_owner(session: AsyncSession, opp: Opportunity) -> None:
    """A reopened deal's new owner (deal_reopen: its old one can no longer hold it)."""
    await session.execute(update(opps).where(opps.c.id == uuid.UUID(opp.id)).values(
        owner_id=opp.owner_id, owner_username=opp.owner_username))


async def hash_of_key(session: AsyncSession, *, by_user_id: str, key: str) -> str | None:
    """The fingerprint of the move (a reopening, a stage change) this person made under
    this key, if any."""
    row = (await session.execute(select(stage_changes.c.request_hash).where(
        stage_changes.c.by_user_id == by_user_id,
        stage_changes.c.idempotency_key == key))).first()
    return (row.request_hash or "") if row else None


def _query(scope: Scope, flt: OpportunityFilter) -> Select[Any]:
    query = select(opps).where(
        scope_clause(scope, owner=opps.c.owner_id, region=opps.c.region_id))
    for name in ("stage", "owner_id", "region_id", "status"):
        if value := getattr(flt, name):
            query = query.where(opps.c[name] == value)
    if flt.lead_id:
        lead = _uuid(flt.lead_id)
        query = query.where(opps.c.lead_id == lead if lead else false())
    if flt.created_after is not None:
        query = query.where(opps.c.created_at >= flt.created_after)
    if flt.created_before is not None:
        query = query.where(opps.c.created_at < flt.created_before)
    if flt.closed_after is not None or flt.closed_before is not None:
        # A closed deal's stage_entered_at is when it was won or lost (lost reasons' day).
        query = query.where(opps.c.status.in_(stages.CLOSED))
    if flt.closed_after is not None:
        query = query.where(opps.c.stage_entered_at >= flt.closed_after)
    if flt.closed_before is not None:
        query = query.where(opps.c.stage_entered_at < flt.closed_before)
    return query.order_by(opps.c.created_at.desc(), opps.c.id.desc())


async def page(session: AsyncSession, *, scope: Scope, flt: OpportunityFilter, limit: int,
               after: tuple[datetime, str] | None) -> list[Opportunity]:
    query = _query(scope, flt)
    if after is not None:
        query = query.where(tuple_(opps.c.created_at, opps.c.id)
                            < tuple_(after[0], uuid.UUID(after[1])))
    return [from_row(row) for row in (await session.execute(query.limit(limit))).all()]


def from_row(row: Any) -> Opportunity:
    return Opportunity(
        id=str(row.id), account_id=str(row.account_id), title=row.title,
        amount_fen=row.amount_fen, owner_id=row.owner_id, owner_username=row.owner_username,
        region_id=row.region_id, process_version=row.process_version,
        created_at=row.created_at, stage=row.stage, status=row.status,
        stage_entered_at=row.stage_entered_at, lead_id=str(row.lead_id) if row.lead_id else None,
        lost_reason=row.lost_reason)
