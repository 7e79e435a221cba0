"""The on-call engineer's alerts read how far behind a service is: events stuck in its
outbox, deadlines that should have fired, a durable's unread messages. Those gauges must
exist and move even while the loops that do the work are stuck."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from nats.js.api import AckPolicy, ConsumerConfig
from prometheus_client import REGISTRY
from salesos.events.v1.leads_pb2 import LeadCreated
from servicekit.backlog import Backlog
from servicekit.consumer import Subscription
from servicekit.db import session_factory
from servicekit.messaging import Bus
from servicekit.scheduler import DueJob
from servicekit.tables import messaging_metadata
from servicekit.testing.scratch import scratch_schema
from servicekit.uow import UnitOfWork
from sqlalchemy import Column, DateTime, Integer, MetaData, Table

pytestmark = pytest.mark.integration

md = MetaData()
clocks = Table("clocks", md, Column("id", Integer, primary_key=True),
               Column("due_at", DateTime(timezone=True), nullable=False),
               Column("fired_at", DateTime(timezone=True)))


def gauge(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


async def _nothing(*_: object) -> None:
    return None


async def test_a_stuck_outbox_overdue_deadlines_and_consumer_lag_show_in_the_gauges(
        infra) -> None:
    async with scratch_schema(infra.database_url, "backlog", messaging_metadata,
                              md) as (schema, engine):
        sessions = session_factory(engine)
        stop = asyncio.Event()
        bus = Bus(infra.nats_url, name=schema)
        await bus.connect(stop)
        try:
            # No relay runs here, as when NATS was down: the event waits in the outbox.
            async with UnitOfWork(sessions, source=schema) as uow:
                uow.publish(LeadCreated(lead_id="L1"), type="leads.backlog.x", aggregate_id="L1")
                await uow.commit()
            now = datetime.now(UTC)
            async with sessions() as s, s.begin():
                await s.execute(clocks.insert(), [
                    {"id": 1, "due_at": now - timedelta(minutes=10), "fired_at": None},  # late
                    {"id": 2, "due_at": now - timedelta(minutes=1), "fired_at": None},
                    {"id": 3, "due_at": now - timedelta(hours=2), "fired_at": now},  # done
                    {"id": 4, "due_at": now + timedelta(hours=1), "fired_at": None}])  # later
            subject = f"leads.backlog.{uuid.uuid4().hex}"
            durable = f"backlog-{uuid.uuid4().hex[:8]}"
            assert bus.js is not None
            await bus.js.add_consumer("LEADS", ConsumerConfig(
                durable_name=durable, ack_policy=AckPolicy.EXPLICIT, filter_subject=subject))
            for _ in range(3):  # published, never read: the durable lags by three
                await bus.js.publish(subject, b"x")
            job = DueJob(name=f"clocks-{schema}", table=clocks, handler=_nothing)
            sub = Subscription(durable=durable, stream="LEADS", filter_subject=subject,
                               handler=_nothing)

            await Backlog(sessions, bus, source=schema, jobs=[job],
                          subscriptions=[sub]).measure()

            assert gauge("salesos_outbox_pending", source=schema) == 1
            assert 0 <= (gauge("salesos_outbox_oldest_pending_seconds", source=schema) or -1) < 60
            assert gauge("salesos_due_jobs_overdue", job=job.name) == 2
            assert 590 < (gauge("salesos_due_jobs_oldest_overdue_seconds", job=job.name) or 0) < 660
            assert gauge("salesos_consumer_pending", consumer=durable) == 3
            assert gauge("salesos_consumer_ack_pending", consumer=durable) == 0
            await bus.js.delete_consumer("LEADS", durable)
        finally:
            stop.set()
            await bus.close()


async def test_a_failing_deadline_is_counted_as_failing_not_as_a_stuck_scheduler(
        infra) -> None:
    """`salesos_due_jobs_oldest_overdue_seconds` pages when the scheduler stops firing.
    One poison row backing off (its own alert, `salesos_due_jobs_failing`) must not keep
    that page up while every other deadline fires on time."""
    async with scratch_schema(infra.database_url, "backlogf", messaging_metadata,
                              md) as (schema, engine):
        sessions = session_factory(engine)
        now = datetime.now(UTC)
        async with sessions() as s, s.begin():
            await s.execute(clocks.insert(), [
                {"id": 1, "due_at": now - timedelta(hours=3), "fired_at": None},  # poison
                {"id": 2, "due_at": now - timedelta(minutes=1), "fired_at": None}])
        job = DueJob(name=f"clocks-{schema}", table=clocks, handler=_nothing)
        job.failing.failed(1, now)

        await Backlog(sessions, Bus(infra.nats_url, name=schema), source=schema,
                      jobs=[job]).measure()

        assert gauge("salesos_due_jobs_overdue", job=job.name) == 1
        assert 50 < (gauge("salesos_due_jobs_oldest_overdue_seconds", job=job.name) or 0) < 120
