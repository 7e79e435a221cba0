"""The gauges an on-call alert reads: how far behind a service is, measured from the
outside of the loops that do the work.

Every `interval` seconds one `Backlog` per process reads
- its outbox: rows not yet published and the age of the oldest (`salesos_outbox_pending`,
  `salesos_outbox_oldest_pending_seconds`): the relay stuck, NATS down, a poison row;
- its deadlines: rows past `due_at` not yet fired and how late the oldest is
  (`salesos_due_jobs_overdue`, `salesos_due_jobs_oldest_overdue_seconds`, per job): a
  scheduler that stopped firing first-contact or escalation clocks, or cannot keep up.
  Rows backing off after a failed handler are left out here: the scheduler counts them
  in `salesos_due_jobs_failing` (a poison row is its own alert, not a stuck scheduler);
- its durables, from JetStream: messages not yet delivered, delivered but not acked, and
  redelivered (`salesos_consumer_pending`, `_ack_pending`, `_redelivered`): consumer lag.

The loops themselves cannot report this: the relay and the consumers wait for NATS, and
a stuck loop is exactly what must be seen. Each part is read on its own, so PostgreSQL
down still updates the consumer lag and NATS down still updates the outbox age. All
replicas of a service read the same tables and durables: alert on `max` over them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from prometheus_client import Gauge
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.consumer import Subscription
from servicekit.logs import describe
from servicekit.messaging import Bus
from servicekit.metrics import OUTBOX_PENDING
from servicekit.scheduler import DueJob, not_among

log = logging.getLogger(__name__)

OUTBOX_OLDEST = Gauge("salesos_outbox_oldest_pending_seconds",
                      "Age of the oldest outbox row not yet published (0 when none)", ["source"])
JOBS_OVERDUE = Gauge("salesos_due_jobs_overdue",
                     "Deadlines past due not yet fired (not counting those failing)", ["job"])
JOBS_OLDEST = Gauge("salesos_due_jobs_oldest_overdue_seconds",
                    "How long the most overdue unfired deadline (not failing) is past due"
                    " (0 when none)", ["job"])
CONSUMER_PENDING = Gauge("salesos_consumer_pending",
                         "Messages of the stream not yet delivered to the durable", ["consumer"])
CONSUMER_ACK_PENDING = Gauge("salesos_consumer_ack_pending",
                             "Messages delivered to the durable and not yet acked", ["consumer"])
CONSUMER_REDELIVERED = Gauge("salesos_consumer_redelivered",
                             "Unacked messages of the durable delivered more than once",
                             ["consumer"])
_OUTBOX = text("SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)"
               " FROM outbox WHERE published_at IS NULL")


class Backlog:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], bus: Bus, *, source: str,
                 jobs: Sequence[DueJob] = (), subscriptions: Sequence[Subscription] = (),
                 interval: float = 15.0) -> None:
        self.sessions, self.bus, self.source = sessions, bus, source
        self.jobs, self.subscriptions, self.interval = jobs, subscriptions, interval

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.measure()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval)

    async def measure(self) -> None:
        # No timeout of our own: cancelling a session mid-statement can strand its pooled
        # connection; statements have the engine's command_timeout, JetStream calls 5 s.
        for part in (self._outbox, self._jobs, self._consumers):
            try:
                await part()
            except Exception as error:  # the gauges keep their last value; logged once a round
                log.warning("backlog %s: %s", part.__name__.strip("_"), describe(error))

    async def _outbox(self) -> None:
        async with self.sessions() as session:
            count, oldest = (await session.execute(_OUTBOX)).one()
        OUTBOX_PENDING.labels(self.source).set(count)
        OUTBOX_OLDEST.labels(self.source).set(float(oldest))

    async def _jobs(self) -> None:
        async with self.sessions() as session:
            for job in self.jobs:
                table = job.table
                now = func.now()
                query = (select(func.count(), func.coalesce(
                    func.extract("epoch", now - func.min(table.c.due_at)), 0))
                    .where(table.c.due_at <= now, table.c.fired_at.is_(None)))
                if failing := job.failing.ids():
                    query = query.where(not_among(table, failing))
                count, oldest = (await session.execute(query)).one()
                JOBS_OVERDUE.labels(job.name).set(count)
                JOBS_OLDEST.labels(job.name).set(float(oldest))

    async def _consumers(self) -> None:
        js = self.bus.js
        if not self.subscriptions or js is None or not self.bus.ready.is_set():
            return
        for sub in self.subscriptions:
            info = await js.consumer_info(sub.stream, sub.durable)
            CONSUMER_PENDING.labels(sub.durable).set(info.num_pending or 0)
            CONSUMER_ACK_PENDING.labels(sub.durable).set(info.num_ack_pending or 0)
            CONSUMER_REDELIVERED.labels(sub.durable).set(info.num_redelivered or 0)
