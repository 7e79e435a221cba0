"""Deadlines live in the database as rows with `due_at`; this loop fires the due ones.

Each tick claims a batch of due, unfired rows with `FOR UPDATE SKIP LOCKED`, so replicas
never fire the same row twice, and handles each one in the same transaction that marks
it fired, emitting its events through the outbox. A row whose handler fails backs off
(`servicekit.failing_rows`) and is left out of the batches until its next try.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, Select, Table, all_, any_, bindparam, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from servicekit.db import is_unavailable
from servicekit.errors import TransientError
from servicekit.failing_rows import FailingRows
from servicekit.logs import describe
from servicekit.metrics import JOBS_FAILED, JOBS_FAILING, JOBS_FIRED
from servicekit.uow import UnitOfWork

log = logging.getLogger(__name__)
Sessions = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class DueJob:
    """`table` needs a primary key `id`, `due_at` and a nullable `fired_at` column."""

    name: str
    table: Table
    handler: Callable[[UnitOfWork, Row], Awaitable[None]]
    batch: int = 100
    interval_seconds: float = 1.0
    # This process' failing rows of the job (per process: see servicekit.failing_rows).
    failing: FailingRows = field(default_factory=FailingRows, compare=False, repr=False)


async def fire_due(job: DueJob, sessions: Sessions, *, source: str,
                   now: datetime | None = None) -> int:
    """Fires up to `batch` due rows, leaving out those backing off, in one transaction;
    then retries, each alone, up to `batch` failing rows whose backoff is over. Returns
    how many fired. Should a handler fail for one row of the batch, the batch is redone
    row by row: the others fire, the failing one backs off. A database or dependency that
    is down (TransientError) fails the tick instead and counts as no failure of any row."""
    now = now or datetime.now(UTC)
    try:
        fired = await _fire(job, sessions, source=source, now=now, skip=job.failing.ids())
    except Exception as error:
        _raise_if_transient(error)
        log.info("job %s: batch failed (%s); firing row by row", job.name, describe(error))
        fired = 0
        for row_id in await _due_ids(job, sessions, now):
            fired += await _fire_alone(job, sessions, source=source, now=now, row_id=row_id)
    for row_id in job.failing.ready(now)[:job.batch]:  # a release breaking every row: bounded
        fired += await _fire_alone(job, sessions, source=source, now=now, row_id=row_id)
    if job.failing:
        job.failing.keep_only(await _due_ids(job, sessions, now, among=job.failing.ids()))
    JOBS_FAILING.labels(job.name).set(len(job.failing))
    return fired


def _raise_if_transient(error: Exception) -> None:
    if isinstance(error, TransientError) or is_unavailable(error):
        raise error


def _ids(table: Table, ids: Sequence[Any]) -> Any:
    # One array parameter, however many rows fail: asyncpg takes at most 32767 parameters.
    return bindparam(None, list(ids), type_=ARRAY(table.c.id.type))


def not_among(table: Table, ids: Sequence[Any]) -> ColumnElement[bool]:
    return table.c.id != all_(_ids(table, ids))


def _due(table: Table, now: datetime, limit: int, skip: Sequence[Any] = ()) -> Select[Any]:
    query = (select(table).where(table.c.due_at <= now, table.c.fired_at.is_(None))
             .order_by(table.c.due_at).limit(limit))
    return query.where(not_among(table, skip)) if skip else query


async def _due_ids(job: DueJob, sessions: Sessions, now: datetime,
                   among: Sequence[Any] | None = None) -> list[Any]:
    """Due rows not backing off (one batch), or which of `among` are still due."""
    table = job.table
    if among is None:
        query = _due(table, now, job.batch, job.failing.ids())
    else:
        query = _due(table, now, len(among)).where(table.c.id == any_(_ids(table, among)))
    async with sessions() as session:
        return list((await session.execute(query.with_only_columns(table.c.id))).scalars())


async def _fire_alone(job: DueJob, sessions: Sessions, *, source: str, now: datetime,
                      row_id: Any) -> int:
    try:
        fired = await _fire(job, sessions, source=source, now=now, only=row_id)
    except Exception as error:
        _raise_if_transient(error)
        retry = job.failing.failed(row_id, now)
        JOBS_FAILED.labels(job.name).inc()
        log.error("job %s: row %s failed (attempt %d), next try at %s: %s", job.name, row_id,
                  retry.attempts, retry.at.isoformat(timespec="seconds"), describe(error),
                  exc_info=error)
        return 0
    if fired:
        job.failing.forget(row_id)
    return fired


async def _fire(job: DueJob, sessions: Sessions, *, source: str, now: datetime,
                only: Any = None, skip: Sequence[Any] = ()) -> int:
    table = job.table
    query = _due(table, now, job.batch, skip)
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


async def run_job(job: DueJob, sessions: Sessions, *, source: str, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            fired = await fire_due(job, sessions, source=source)
        except Exception as error:
            log.warning("job %s: %s", job.name, describe(error))
            fired = 0
        if fired < job.batch:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), job.interval_seconds)
