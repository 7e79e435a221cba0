"""Deadlines in the database fire once, even with several schedulers racing for them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from salesos.events.v1.leads_pb2 import LeadCreated
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


async def test_one_deadline_whose_handler_fails_does_not_hold_back_the_others(
        sessions) -> None:
    """A lead's first-contact clock whose handler keeps failing (a bug, a row it cannot
    make sense of) rolled the whole batch back on every tick: no first-contact deadline of
    the service fired again. The others fire, with their events; the broken one waits."""
    now = datetime.now(UTC)
    async with sessions() as s, s.begin():
        await s.execute(deadlines.insert(), [
            {"id": i, "due_at": now - timedelta(minutes=10 - i)} for i in range(1, 5)])

    async def fire(uow, row) -> None:
        if row.id == 2:
            raise ValueError("lead 2 cannot be read")
        uow.publish(LeadCreated(lead_id=str(row.id)), type="leads.first_contact_overdue",
                    aggregate_id=str(row.id))

    job = DueJob(name="first_contact", table=deadlines, handler=fire)
    assert await fire_due(job, sessions, source="t") == 3
    assert await fire_due(job, sessions, source="t") == 0  # the broken one, again
    async with sessions() as s:
        unfired = (await s.execute(select(deadlines.c.id)
                                   .where(deadlines.c.fired_at.is_(None)))).scalars().all()
        published = (await s.execute(select(outbox.c.aggregate_id)
                                     .order_by(outbox.c.aggregate_id))).scalars().all()
    assert unfired == [2]
    assert published == ["1", "3", "4"]
    assert REGISTRY.get_sample_value("salesos_due_jobs_failed_total",
                                     {"job": "first_contact"}) == 2
