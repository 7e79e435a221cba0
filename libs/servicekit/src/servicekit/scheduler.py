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
from typing import Any

from sqlalchemy import Row, Select, Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.db import is_unavailable
from servicekit.errors import TransientError
from servicekit.logs import describe
from servicekit.metrics import JOBS_FAILED, JOBS_FIRED
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
    """Fires up to `batch` due rows in one transaction; returns how many fired. Should a
    handler fail for one row, the batch is redone row by row: the others fire, the
    failing one stays due (counted, logged) and is tried again next tick. A database or
    dependency that is down (TransientError) fails the tick instead."""
    now = now or datetime.now(UTC)
    try:
        return await _fire(job, sessions, source=source, now=now)
    except Exception as error:
        if isinstance(error, TransientError) or is_unavailable(error):
            raise
        log.info("job %s: batch failed (%s); firing row by row", job.name, describe(error))
    due = _due(job.table, now, job.batch).with_only_columns(job.table.c.id)
    async with sessions() as session:
        ids = (await session.execute(due)).scalars().all()
    fired = 0
    for row_id in ids:
        try:
            fired += await _fire(job, sessions, source=source, now=now, only=row_id)
        except Exception as error:
            if isinstance(error, TransientError) or is_unavailable(error):
                raise
            JOBS_FAILED.labels(job.name).inc()
            log.error("job %s: row %s failed: %s", job.name, row_id, describe(error),
                      exc_info=error)
    return fired


def _due(table: Table, now: datetime, limit: int) -> Select[Any]:
    return (select(table).where(table.c.due_at <= now, table.c.fired_at.is_(None))
            .order_by(table.c.due_at).limit(limit))


async def _fire(job: DueJob, sessions: async_sessionmaker[AsyncSession], *, source: str,
                now: datetime, only: Any = None) -> int:
    table = job.table
    query = _due(table, now, job.batch)
    if only is not None:
        query = query.where(table.c.id == only)
    async with UnitOfWork(sessions, source=source) as uow:
        rows = (await uow.session.execute(query.with_for_update(skip_locked=True))).all()
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
