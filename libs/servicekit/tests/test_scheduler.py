"""Deadlines in the database fire once, even with several schedulers racing for them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from servicekit.db import session_factory
from servicekit.scheduler import DueJob, fire_due, run_job
from servicekit.tables import messaging_metadata, outbox
from servicekit.testing.scratch import scratch_schema
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, func, select

pytestmark = pytest.mark.integration

md = MetaData()
deadlines = Table("deadlines", md, Column("id", Integer, primary_key=True),
                  Column("due_at", DateTime(timezone=True), nullable=False),
                  Column("fired_at", DateTime(timezone=True)))


@pytest.fixture
async def sessions(infra):
    async with scratch_schema(infra.database_url, "sched", messaging_metadata, md,
                              pool_size=4) as (_, engine):
        yield session_factory(engine)


async def test_due_rows_fire_once_across_competing_schedulers_and_future_ones_wait(
        sessions) -> None:
    now = datetime.now(UTC)
    async with sessions() as s, s.begin():
        await s.execute(deadlines.insert(), [
            {"id": i, "due_at": now - timedelta(minutes=1) if i <= 40 else now + timedelta(hours=1)}
            for i in range(1, 51)])
    fired: list[int] = []

    async def handle(uow, row) -> None:
        fired.append(row.id)
        await asyncio.sleep(0.01)  # hold the lock so the racers really overlap

    job = DueJob(name="first_contact", table=deadlines, handler=handle, batch=7)
    while sum(await asyncio.gather(*(fire_due(job, sessions, source="t") for _ in range(4)))):
        pass

    assert sorted(fired) == list(range(1, 41))
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(deadlines)
                              .where(deadlines.c.fired_at.is_(None))) == 10
        assert await s.scalar(select(func.count()).select_from(outbox)) == 0


async def test_a_failing_tick_is_logged_with_what_failed_and_the_loop_goes_on(
        sessions, caplog) -> None:
    """A statement timing out against a frozen database has an empty message: the on-call
    engineer reading `job first_contact: ` learnt nothing."""
    ticks = 0

    async def frozen(uow, row) -> None:
        raise TimeoutError

    async with sessions() as s, s.begin():
        await s.execute(deadlines.insert().values(id=1, due_at=datetime.now(UTC)))
    job = DueJob(name="first_contact", table=deadlines, handler=frozen, interval_seconds=0.05)
    stop = asyncio.Event()
    with caplog.at_level("WARNING", logger="servicekit.scheduler"):
        task = asyncio.create_task(run_job(job, sessions, source="t", stop=stop))
        while ticks < 2:
            await asyncio.sleep(0.05)
            ticks = sum("first_contact" in r.getMessage() for r in caplog.records)
        stop.set()
        await asyncio.wait_for(task, 5)
    assert caplog.records[0].getMessage().endswith("<- TimeoutError")
