"""The relay: publishes committed outbox rows to JetStream, then marks them sent.

Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number of replicas can relay at
once without publishing a row twice at the same moment; should a crash come between
publish and mark, the row is published again and JetStream drops the copy
(`Nats-Msg-Id` = event id, within the stream's duplicate window). LISTEN/NOTIFY wakes the
relay as soon as a transaction commits; a short poll covers missed notifications.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import asyncpg
from salesos.events.v1.envelope_pb2 import Envelope
from sqlalchemy import Row, Uuid, any_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.messaging import Bus
from servicekit.metrics import EVENTS_PUBLISHED, OUTBOX_PENDING, RELAY_ERRORS
from servicekit.tables import outbox
from servicekit.uow import outbox_channel

log = logging.getLogger(__name__)
# One array parameter, built once: an IN list of a batch's ids was rendered and compiled
# anew for every batch size.
_MARK_SENT = (update(outbox).where(outbox.c.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
              .values(published_at=func.now()))


class Relay:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], bus: Bus, *, source: str,
                 dsn: str, batch: int = 200, poll_seconds: float = 1.0,
                 ack_timeout: float = 5.0) -> None:
        self.sessions, self.bus, self.source = sessions, bus, source
        self.dsn = dsn.replace("postgresql+asyncpg://", "postgresql://")
        self.batch, self.poll_seconds, self.ack_timeout = batch, poll_seconds, ack_timeout
        self._wake = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        await _until(self.bus.ready, stop)
        listener = asyncio.create_task(self._listen(stop))
        backoff = 0.2
        try:
            while not stop.is_set():
                try:
                    published = await self.publish_pending()
                    backoff = 0.2
                except Exception as error:
                    RELAY_ERRORS.labels(self.source).inc()
                    log.warning("outbox relay: %s; retrying in %.1fs", error, backoff)
                    await _sleep_or_stop(stop, backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                if published < self.batch:
                    self._wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
        finally:
            listener.cancel()

    async def publish_pending(self) -> int:
        async with self.sessions() as session, session.begin():
            rows = (await session.execute(
                select(outbox.c.id, outbox.c.type, outbox.c.payload)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.created_at)
                .limit(self.batch)
                .with_for_update(skip_locked=True)
            )).all()
            sent: list[object] = []
            try:
                await self._publish(rows, sent)
            finally:
                if sent:  # what did go out is marked, even if a later publish failed
                    await session.execute(_MARK_SENT, {"ids": sent})
                    await session.commit()
        return len(rows)

    async def _publish(self, rows: list[Row[Any]], sent: list[object]) -> None:
        """Publishes the rows in order without waiting for each ack, then waits for all
        acks at once: one round trip per batch instead of one per row. A row counts as
        sent only once JetStream acked it; the first failure is raised after the rest
        are collected, so acked rows are still marked."""
        js = self.bus.js
        assert js is not None
        pending = []
        failure: BaseException | None = None
        try:
            for row in rows:
                envelope = Envelope.FromString(row.payload)
                headers = {"Nats-Msg-Id": str(row.id)}
                if envelope.traceparent:
                    headers["traceparent"] = envelope.traceparent
                pending.append((row, await js.publish_async(row.type, row.payload,
                                                            headers=headers)))
        except Exception as error:  # the connection went: collect what did go out
            failure = error
        if pending:
            await asyncio.wait([future for _, future in pending], timeout=self.ack_timeout)
        for row, future in pending:
            if not future.done():
                future.cancel()
                failure = failure or TimeoutError(f"no ack for {row.id} in {self.ack_timeout}s")
            elif future.exception() is not None:
                failure = failure or future.exception()
            else:
                sent.append(row.id)
                EVENTS_PUBLISHED.labels(self.source, row.type).inc()
        if failure is not None:
            raise failure

    async def pending(self) -> int:
        async with self.sessions() as session:
            count = await session.scalar(select(func.count()).select_from(outbox)
                                         .where(outbox.c.published_at.is_(None)))
        OUTBOX_PENDING.labels(self.source).set(count or 0)
        return count or 0

    async def _listen(self, stop: asyncio.Event) -> None:
        channel = outbox_channel(self.source)
        while not stop.is_set():
            try:
                conn = await asyncpg.connect(self.dsn, timeout=5)
            except Exception:
                await _sleep_or_stop(stop, 2.0)
                continue
            try:
                await conn.add_listener(channel, lambda *_: self._wake.set())
                while not stop.is_set() and not conn.is_closed():
                    await _sleep_or_stop(stop, 1.0)
            finally:
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
