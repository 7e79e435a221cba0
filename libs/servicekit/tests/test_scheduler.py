"""Deadlines in the database fire once, even with several schedulers racing for them."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from salesos.events.v1.leads_pb2 import LeadCreated
from servicekit.db import session_factory
from servicekit.scheduler import DueJob, fire_due, run_job
from servicekit.tables import messaging_metadata, outbox
from servicekit.testing.scratch import scratch_schema
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Uuid, func, select

pytestmark = pytest.mark.integration

md = MetaData()
deadlines = Table("deadlines", md, Column("id", Integer, primary_key=True),
                  Column("due_at", DateTime(timezone=True), nullable=False),
                  Column("fired_at", DateTime(timezone=True)))
# Ids as notifications keeps them: UUIDs read as strings.
deliveries = Table("deliveries", md, Column("id", Uuid(as_uuid=False), primary_key=True),
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
    assert await fire_due(job, sessions, source="t", now=now) == 3
    later = now + timedelta(seconds=1)  # its first backoff is over
    assert await fire_due(job, sessions, source="t", now=later) == 0  # the broken one, again
    async with sessions() as s:
        unfired = (await s.execute(select(deadlines.c.id)
                                   .where(deadlines.c.fired_at.is_(None)))).scalars().all()
        published = (await s.execute(select(outbox.c.aggregate_id)
                                     .order_by(outbox.c.aggregate_id))).scalars().all()
    assert unfired == [2]
    assert published == ["1", "3", "4"]
    assert REGISTRY.get_sample_value("salesos_due_jobs_failed_total",
                                     {"job": "first_contact"}) == 2


def _failing(job: str) -> float | None:
    return REGISTRY.get_sample_value("salesos_due_jobs_failing", {"job": job})


async def test_a_poison_deadline_backs_off_while_the_rest_of_its_job_fires_full_batches(
        sessions, caplog) -> None:
    """One first-contact clock whose handler always failed made every tick redo the batch
    row by row: the job fired 99 rows a tick instead of 100 and logged an error every
    second, forever. Now the broken row waits 1 s, 2 s, 4 s … between tries, the others go
    in full batches, and it fires as soon as it can be handled again: never dropped."""
    start = datetime.now(UTC)
    async with sessions() as s, s.begin():
        await s.execute(deadlines.insert(), [
            {"id": i, "due_at": start - timedelta(minutes=10) + timedelta(seconds=i)}
            for i in range(1, 251)])
    broken, tries = True, []

    async def fire(uow, row) -> None:
        if row.id == 5:
            tries.append(row.id)
            if broken:
                raise ValueError("lead 5 cannot be read")

    job = DueJob(name="poison_backoff", table=deadlines, handler=fire, batch=100)
    with caplog.at_level("ERROR", logger="servicekit.scheduler"):
        # The tick that meets it redoes its batch row by row; the next ones leave it out.
        assert await fire_due(job, sessions, source="t", now=start) == 99
        assert await fire_due(job, sessions, source="t", now=start) == 100
        assert await fire_due(job, sessions, source="t", now=start) == 50
        assert len(tries) == 2  # in the batch, then alone
        assert _failing("poison_backoff") == 1

        tried_by = {}
        for seconds in (0.5, 1, 2, 2.9, 3, 6.9):
            assert await fire_due(job, sessions, source="t",
                                  now=start + timedelta(seconds=seconds)) == 0
            tried_by[seconds] = len(tries)
        # retried once its 1 s backoff was over (at 1 s), then 2 s later, then 4 s later
        assert tried_by == {0.5: 2, 1: 3, 2: 3, 2.9: 3, 3: 4, 6.9: 4}
    failures = [r.getMessage() for r in caplog.records]
    assert len(failures) == 3, "one line per failure, not one per tick"
    assert failures[-1].startswith(
        f"job poison_backoff: row 5 failed (attempt 3), next try at "
        f"{(start + timedelta(seconds=7)).isoformat(timespec='seconds')}: ")

    broken = False  # the bug is fixed and deployed
    assert await fire_due(job, sessions, source="t", now=start + timedelta(seconds=7)) == 1
    assert _failing("poison_backoff") == 0
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(deadlines)
                              .where(deadlines.c.fired_at.is_(None))) == 0


async def test_a_replica_stops_counting_a_failing_deadline_another_replica_fired(
        sessions) -> None:
    """Each replica keeps its own backoff; once one of them fires the row, the other's
    `salesos_due_jobs_failing` must drop too, or the alert stays up for 15 minutes."""
    now = datetime.now(UTC)
    async with sessions() as s, s.begin():
        await s.execute(deliveries.insert(), [
            {"id": str(uuid.uuid4()), "due_at": now - timedelta(minutes=m)} for m in (1, 2)])
    broken = True

    async def fire(uow, row) -> None:
        if broken:
            raise ValueError("cannot read")

    one = DueJob(name="replica_one", table=deliveries, handler=fire)
    other = DueJob(name="replica_other", table=deliveries, handler=fire)
    for job in (one, other):
        assert await fire_due(job, sessions, source="t", now=now) == 0
        assert _failing(job.name) == 2
    broken = False
    assert await fire_due(other, sessions, source="t", now=now + timedelta(seconds=1)) == 2
    assert await fire_due(one, sessions, source="t", now=now + timedelta(seconds=0.5)) == 0
    assert _failing("replica_one") == 0


async def test_a_release_that_breaks_every_deadline_retries_a_bounded_number_per_tick(
        sessions) -> None:
    """A bug that fails every row fills the backoff book; when their waits end together,
    one tick must not retry thousands of rows one transaction each."""
    now = datetime.now(UTC)
    async with sessions() as s, s.begin():
        await s.execute(deadlines.insert(), [
            {"id": i, "due_at": now - timedelta(minutes=1)} for i in range(1, 31)])
    tries: list[int] = []

    async def broken(uow, row) -> None:
        tries.append(row.id)
        raise ValueError("every row")

    job = DueJob(name="all_broken", table=deadlines, handler=broken, batch=10)
    for _ in range(3):  # each tick meets ten new rows: the batch, then each alone
        assert await fire_due(job, sessions, source="t", now=now) == 0
    assert _failing("all_broken") == 30
    tries.clear()
    assert await fire_due(job, sessions, source="t", now=now + timedelta(seconds=1)) == 0
    assert len(tries) == 10
