"""The relay: publishes committed outbox rows to JetStream, then marks them sent.

Two ways in. A unit of work that commits in a process whose relay is running hands its
rows straight to it (`uow.register_relay`): the relay publishes them, waits for
JetStream's acks and marks what was acked with one UPDATE — no claim, no transaction, no
NOTIFY. Everything else is swept: rows another process wrote (it NOTIFYs the relay's
channel), and rows whose hand-over went wrong (NATS down, a crash between commit and
publish) once they are `settle_seconds` old, found by a poll every `poll_seconds`. A sweep
claims rows with `FOR UPDATE SKIP LOCKED`, so any number of replicas can sweep at once.

Should a row go out twice (a crash between publish and mark, a sweep racing a hand-over),
JetStream drops the copy (`Nats-Msg-Id` = event id, within the stream's duplicate
window). The relay talks to PostgreSQL over one asyncpg connection of its own, which
also LISTENs: its statements are few and fixed, and a pooled SQLAlchemy session per step
cost more than the statements.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from typing import Any

import asyncpg
from nats.errors import MaxPayloadError
from salesos.events.v1.envelope_pb2 import Envelope
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.acks import AckInbox
from servicekit.messaging import Bus
from servicekit.metrics import EVENTS_PUBLISHED, OUTBOX_PENDING, OUTBOX_REFUSED, RELAY_ERRORS
from servicekit.uow import (
    DONE_FOR,
    Pending,
    outbox_channel,
    register_relay,
    unregister_relay,
)

log = logging.getLogger(__name__)
# A transaction's rows share created_at (its start): their ids (uuid7, made as they were
# staged) keep a lead's leads.created ahead of its leads.assigned.
_CLAIM = ("SELECT id, type, payload FROM outbox WHERE published_at IS NULL"
          " AND created_at <= now() - make_interval(secs => $2)"
          " ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED")
_MARK_SENT = "UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])"
_COUNT = "SELECT count(*) FROM outbox WHERE published_at IS NULL"


class Relay:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], bus: Bus, *, source: str,
                 dsn: str, batch: int = 200, poll_seconds: float = 1.0,
                 ack_timeout: float = 5.0, settle_seconds: float = 5.0) -> None:
        self.sessions, self.bus, self.source = sessions, bus, source
        self.dsn = dsn.replace("postgresql+asyncpg://", "postgresql://")
        self.batch, self.poll_seconds, self.ack_timeout = batch, poll_seconds, ack_timeout
        self.settle_seconds = settle_seconds
        self._wake = asyncio.Event()
        self._handed: list[Pending] = []
        self._notified = False
        self._next_sweep = 0.0  # loop time of the next poll's sweep
        self._conn: asyncpg.Connection | None = None
        self._acks = AckInbox()

    def take(self, rows: list[Pending]) -> None:
        """Committed rows of this process (called by UnitOfWork.commit)."""
        self._handed.extend(rows)
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        await _until(self.bus.ready, stop)
        register_relay(self.sessions, self.source, self.take)
        self._notified = True  # the first sweep takes what an earlier life left, at once
        watcher = asyncio.create_task(self._wake_on(stop))
        clock = asyncio.get_running_loop().time
        backoff = 0.2
        try:
            while not stop.is_set():
                self._wake.clear()
                try:
                    busy = await self._step(clock())
                    backoff = 0.2
                except Exception as error:
                    RELAY_ERRORS.labels(self.source).inc()
                    log.warning("outbox relay: %s; retrying in %.1fs", error, backoff)
                    await self.close()
                    await _sleep_or_stop(stop, backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                if not busy:  # until rows are handed over, a NOTIFY, or the next poll
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(max(self._next_sweep - clock(), 0.0)):
                            await self._wake.wait()
        finally:
            watcher.cancel()
            unregister_relay(self.sessions, self.source)
            await self.close()

    async def _wake_on(self, stop: asyncio.Event) -> None:
        await stop.wait()
        self._wake.set()

    async def _step(self, now: float) -> bool:
        """Publishes handed-over rows, else sweeps when notified or due; True when more
        may be waiting."""
        if self._handed:
            rows, self._handed = self._handed[:self.batch], self._handed[self.batch:]
            await self._send(rows)
            return True
        if not self._notified and now < self._next_sweep:
            return False
        notified, self._notified = self._notified, False
        self._next_sweep = now + self.poll_seconds
        swept = await self.publish_pending(min_age=0.0 if notified else self.settle_seconds)
        return swept >= self.batch

    async def _send(self, rows: list[Pending]) -> None:
        """Rows nobody else has claimed: publish, mark what was acked in one statement
        (no transaction); what failed stays pending for the sweep."""
        sent: list[Any] = []
        failure = await self._publish(rows, sent)
        if sent:
            await (await self._connection()).execute(_MARK_SENT, sent)
        if failure is not None:
            raise failure

    async def publish_pending(self, *, min_age: float = 0.0) -> int:
        """Claims, publishes and marks up to `batch` pending rows at least `min_age`
        seconds old; returns how many were claimed."""
        conn = await self._connection()
        async with conn.transaction():
            rows = [Pending(*r) for r in await conn.fetch(_CLAIM, self.batch, min_age)]
            sent: list[Any] = []
            failure = await self._publish(rows, sent)
            if sent:  # what did go out is marked, even if a later publish failed
                await conn.execute(_MARK_SENT, sent)
        if failure is not None:
            raise failure
        return len(rows)

    async def _publish(self, rows: list[Pending], sent: list[Any]) -> BaseException | None:
        """Publishes the rows in order without waiting for each ack, then waits for all
        acks at once: one round trip per batch instead of one per row. A row counts as
        sent only once JetStream acked it; returns the first failure, if any."""
        nc = self.bus.nc
        assert nc is not None
        pending = []
        failure: BaseException | None = None
        try:
            for row in rows:
                traceparent = row.traceparent
                if traceparent is None:  # a swept row: its envelope says
                    traceparent = Envelope.FromString(row.payload).traceparent
                headers = {"Nats-Msg-Id": str(row.id)}
                if traceparent:
                    headers["traceparent"] = traceparent
                if row.done_for:  # swept rows carry none: those consumers check inbox
                    headers[DONE_FOR] = " ".join(row.done_for)
                try:
                    pending.append((row, await self._acks.publish(nc, row.type, row.payload,
                                                                  headers)))
                except MaxPayloadError:
                    # This row can never go out; first in every sweep, it stopped all
                    # the rows after it. It stays pending: the backlog age alerts.
                    OUTBOX_REFUSED.labels(self.source).inc()
                    log.error("outbox row %s (%s) is %d bytes, over NATS' max_payload; "
                              "left unpublished", row.id, row.type, len(row.payload))
        except Exception as error:  # the connection went: collect what did go out
            failure = error
        if pending:
            await asyncio.wait([future for _, future in pending], timeout=self.ack_timeout)
        self._acks.forget([future for _, future in pending if not future.done()])
        published: Counter[str] = Counter()  # counted per type, not per row
        for row, future in pending:
            if not future.done():
                future.cancel()
                failure = failure or TimeoutError(f"no ack for {row.id} in {self.ack_timeout}s")
            elif future.exception() is not None:
                failure = failure or future.exception()
            else:
                sent.append(row.id)
                published[row.type] += 1
        for kind, n in published.items():
            EVENTS_PUBLISHED.labels(self.source, kind).inc(n)
        return failure

    async def pending(self) -> int:
        """Rows not yet sent (a pooled session: the relay's connection is its loop's)."""
        async with self.sessions() as session:
            count = await session.scalar(text(_COUNT))
        OUTBOX_PENDING.labels(self.source).set(count or 0)
        return int(count or 0)

    async def _connection(self) -> asyncpg.Connection:
        """The relay's own connection, in the sessions' schema, listening on its channel."""
        if self._conn is not None and not self._conn.is_closed():
            return self._conn
        async with self.sessions() as session:
            search_path = str(await session.scalar(text("SHOW search_path")))
        # synchronous_commit off: a mark lost in a database crash only means the row is
        # published again and JetStream drops the copy; no mark waits for a WAL flush.
        conn = await asyncpg.connect(self.dsn, timeout=5, server_settings={
            "search_path": search_path, "timezone": "UTC", "synchronous_commit": "off",
            "application_name": f"salesos-relay-{self.source}"})
        await conn.add_listener(outbox_channel(self.source), self._on_notify)
        self._conn = conn
        return conn

    def _on_notify(self, *_: object) -> None:
        self._notified = True
        self._wake.set()

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close(timeout=2)


async def _until(event: asyncio.Event, stop: asyncio.Event) -> None:
    waiter = asyncio.create_task(event.wait())
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    stopper.cancel()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
