"""Approval matrix versions (seeded from the domain default on first use, like the
process), delegations, and the reminder/escalation deadlines of pending steps."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from pipeline.adapters.contracts_orm import (
    approval_deadlines,
    approval_steps,
    delegation_ends,
    delegations,
)
from pipeline.adapters.contracts_orm import approval_matrix_versions as amv
from pipeline.adapters.contracts_orm import contracts as contracts_t
from pipeline.domain.approval_matrix import DEFAULT_LEVELS, Level
from pipeline.domain.quote_delegates import StandIn

REMINDER, ESCALATION = 1, 2


def _levels(raw: list[dict[str, Any]]) -> tuple[Level, ...]:
    return tuple(Level(**level) for level in raw)


def _raw(levels: tuple[Level, ...]) -> list[dict[str, Any]]:
    return [level.__dict__ for level in levels]


async def current_matrix(session: AsyncSession) -> tuple[int, tuple[Level, ...], Any]:
    newest = (await session.execute(select(func.max(amv.c.version)))).scalar_one()
    if newest is None:
        await session.execute(pg_insert(amv).values(
            version=1, levels=_raw(DEFAULT_LEVELS), created_by="system").on_conflict_do_nothing())
        newest = 1
    row = (await session.execute(select(amv).where(amv.c.version == newest))).one()
    return row.version, _levels(row.levels), row


async def add_matrix(session: AsyncSession, *, levels: tuple[Level, ...], created_by: str
                     ) -> tuple[int, tuple[Level, ...], Any]:
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext("approval_matrix"))))
    version, current, _ = await current_matrix(session)
    if current == levels:  # a retried PUT creates no second version
        return await current_matrix(session)
    await session.execute(insert(amv).values(version=version + 1, levels=_raw(levels),
                                             created_by=created_by))
    return await current_matrix(session)


async def set_delegation(session: AsyncSession, *, user_id: str, to_user_id: str,
                         until: datetime, stand_in: StandIn | None = None) -> None:
    values: dict[str, Any] = dict(to_user_id=to_user_id, until=until, updated_at=func.now())
    if stand_in is not None:
        values |= dict(to_name=stand_in.delegate_name, to_role=stand_in.delegate_role,
                       from_role=stand_in.approver_role,
                       from_regions=list(stand_in.approver_regions))
    await session.execute(pg_insert(delegations).values(user_id=user_id, **values)
                          .on_conflict_do_update(index_elements=["user_id"], set_=values))
    await session.execute(insert(delegation_ends).values(id=uuid7(), user_id=user_id,
                                                         due_at=until))


async def end_delegation(session: AsyncSession, *, user_id: str) -> None:
    await session.execute(update(delegations).where(delegations.c.user_id == user_id)
                          .values(until=func.now(), updated_at=func.now()))


async def delegation_of(session: AsyncSession, *, user_id: str) -> Any:
    return (await session.execute(select(delegations).where(
        delegations.c.user_id == user_id))).first()


async def active_delegations(session: AsyncSession, *, user_ids: list[str],
                             now: datetime) -> dict[str, str]:
    rows = await session.execute(select(delegations).where(
        delegations.c.user_id.in_(user_ids), delegations.c.until > now))
    return {r.user_id: r.to_user_id for r in rows}


async def stand_ins(session: AsyncSession) -> list[StandIn]:
    """Every delegation in force (a handful of rows: people away today), the earliest set
    first, so the names a reader sees come in a stable order."""
    rows = await session.execute(select(delegations).where(delegations.c.until > func.now())
                                 .order_by(delegations.c.updated_at, delegations.c.user_id))
    return [stand_in_of(r) for r in rows]


def stand_in_of(row: Any) -> StandIn:
    """A delegations row as quotes' readers name it (also one that has just run out)."""
    return StandIn(row.user_id, row.from_role, tuple(row.from_regions), row.to_user_id,
                   row.to_role, row.to_name)


async def delegators_of(session: AsyncSession, *, to_user_id: str, now: datetime) -> list[str]:
    """Who is away now with their approvals delegated to this person."""
    rows = await session.execute(select(delegations.c.user_id).where(
        delegations.c.to_user_id == to_user_id, delegations.c.until > now))
    return [r.user_id for r in rows]


async def open_discount_steps_of(session: AsyncSession, *, approver_id: str
                                 ) -> list[tuple[str, int]]:
    """(contract number, discount bp) of each step pending or waiting for this approver
    that answers for a discount, or pending with a delegate of theirs (not on their own
    deal): what a delegation would hand to the delegate."""
    held_for_them = and_(approval_steps.c.delegated_from == approver_id,
                         approval_steps.c.status == "pending",
                         contracts_t.c.owner_id != approver_id)
    rows = await session.execute(
        select(contracts_t.c.number, approval_steps.c.discount_bp)
        .join(contracts_t, contracts_t.c.id == approval_steps.c.contract_id)
        .where(or_(and_(approval_steps.c.approver_id == approver_id,
                        approval_steps.c.status.in_(("pending", "waiting"))), held_for_them),
               approval_steps.c.discount_bp > 0)
        .order_by(approval_steps.c.discount_bp.desc(), contracts_t.c.number))
    return [(r.number, r.discount_bp) for r in rows]


async def add_deadlines(session: AsyncSession, *, step_id: str, remind_at: datetime,
                        escalate_at: datetime) -> None:
    """Each activation (or hand-over to a delegate) gets its own two rows; the job skips
    rows of a step that is no longer pending or now waits for someone else."""
    await session.execute(insert(approval_deadlines), [
        dict(id=uuid7(), step_id=uuid.UUID(step_id), level=REMINDER, due_at=remind_at),
        dict(id=uuid7(), step_id=uuid.UUID(step_id), level=ESCALATION, due_at=escalate_at)])


async def cancel_deadlines(session: AsyncSession, *, step_id: str, now: datetime) -> None:
    await session.execute(update(approval_deadlines).where(
        approval_deadlines.c.step_id == uuid.UUID(step_id),
        approval_deadlines.c.fired_at.is_(None)).values(fired_at=now))
