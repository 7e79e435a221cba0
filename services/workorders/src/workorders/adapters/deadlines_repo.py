"""Clock rows of an order (servicekit.scheduler fires them)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from workorders.adapters.orm import deadlines, escalations
from workorders.domain.chain import PROGRESS, Deadline


async def add(session: AsyncSession, order_id: str, found: Sequence[Deadline]) -> None:
    if found:
        await session.execute(insert(deadlines), [
            {"id": uuid7(), "work_order_id": uuid.UUID(order_id), "clock": d.clock,
             "level": d.level, "due_at": d.due_at} for d in found])


async def add_progress_check(session: AsyncSession, order_id: str, *, since: datetime,
                             due_at: datetime) -> None:
    await session.execute(insert(deadlines).values(
        id=uuid7(), work_order_id=uuid.UUID(order_id), clock=PROGRESS, level=0,
        ref_at=since, due_at=due_at))


async def superseded(session: AsyncSession, order_id: str, *, ref_at: datetime,
                     row_id: uuid.UUID) -> bool:
    """True when a later progress check of the order exists (a newer acceptance, update
    or rejection restarted the clock), so this one must not remind again."""
    newer = await session.execute(select(deadlines.c.id).where(
        deadlines.c.work_order_id == uuid.UUID(order_id), deadlines.c.clock == PROGRESS,
        tuple_(deadlines.c.ref_at, deadlines.c.id) > (ref_at, row_id)).limit(1))
    return newer.first() is not None


async def swallowed_levels(session: AsyncSession, order_id: str, clock: str) -> set[int]:
    """Levels of `clock` whose rows fired without escalating (the clock had stopped) and
    that neither escalated since nor wait in a row of their own."""
    oid = uuid.UUID(order_id)
    rows = (await session.execute(select(deadlines.c.level, deadlines.c.fired_at).where(
        deadlines.c.work_order_id == oid, deadlines.c.clock == clock))).all()
    raised = set((await session.execute(select(escalations.c.level).where(
        escalations.c.work_order_id == oid, escalations.c.clock == clock))).scalars())
    pending = {r.level for r in rows if r.fired_at is None}
    return {r.level for r in rows if r.fired_at is not None} - raised - pending
