"""Deadlines live in the database as rows with `due_at`; this loop fires the due ones.

Each tick claims a batch of due, unfired rows with `FOR UPDATE SKIP LOCKED`, so replicas
never fire the same row twice, and handles each one in the same transaction that marks
it fired, emitting its events through the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Row, Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.logs import describe
from servicekit.metrics import JOBS_FIRED
from servicekit.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueJob:
    """`table` needs a primary key `id`, `due_at` and a nullable `fired_at` column."""

    name: str
    table: Table
    handler: Callable[[UnitOfWork, Row], Awaitable[None]]
    batch: int = 100
    interval_seconds: float = 1.0


async def fire_due(job: DueJob, sessions: async_sessionmaker[AsyncSession], *, source: str,
                   now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    table = job.table
    async with UnitOfWork(sessions, source=source) as uow:
        rows = (await uow.session.execute(
            select(table).where(table.c.due_at <= now, table.c.fired_at.is_(None))
            .order_by(table.c.due_at).limit(job.batch).with_for_update(skip_locked=True)
        )).all()
        for row in rows:
            await job.handler(uow, row)
        if rows:
            await uow.session.execute(update(table).where(table.c.id.in_([r.id for r in rows]))
                                      .values(fired_at=now))
        await uow.commit()
    JOBS_FIRED.labels(job.name).inc(len(rows))
    return len(rows)


async def run_job(job: DueJob, sessions: async_sessionmaker[AsyncSession], *, source: str,
                  stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            fired = await fire_due(job, sessions, source=source)
        except Exception as error:
            log.warning("job %s: %s", job.name, describe(error))
            fired = 0
        if fired < job.batch:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), job.interval_seconds)
