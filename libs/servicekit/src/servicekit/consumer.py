"""Durable pull consumers: each event is applied once, or dead-lettered, never lost.

All replicas of a service share one durable, so work is spread, not duplicated. The
handler runs inside a UnitOfWork whose first statement records the event id in `inbox`;
a redelivered event finds its id there and is acked without running the handler again.
The message is acked only after the transaction commits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache

from google.protobuf import symbol_database
from google.protobuf.message import DecodeError, Message
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from opentelemetry import propagate, trace
from salesos.events.v1.envelope_pb2 import Envelope
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.batching import (
    BatchHandler,
    Delivery,
    apply_batch,
    record_new,
    span_over,
    start_batch_span,
    upstream,
)
from servicekit.db import is_unavailable
from servicekit.envelope import trace_carrier
from servicekit.errors import TransientError
from servicekit.messaging import Bus
from servicekit.metrics import DEAD_LETTERS, EVENTS_CONSUMED, EVENTS_REDELIVERED
from servicekit.pulling import Puller
from servicekit.uow import DONE_FOR, UnitOfWork

log = logging.getLogger(__name__)
tracer = trace.get_tracer("servicekit.consumer")

Handler = Callable[[UnitOfWork, Envelope, Message], Awaitable[None]]


# Tokens of a JetStream ack subject: $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.
# <consumer seq>.<time>.<pending>, and the newer form with <domain>.<account hash> after ACK
# (and a random token at the end).
_V1_TOKENS, _V2_TOKENS = 9, 11


def delivered_times(msg: Msg) -> int:
    """How often JetStream has delivered the message, read from its ack subject alone
    (`$JS.ACK.<stream>.<consumer>.<delivered>.…`, or with a domain and an account hash
    first). Msg.metadata parses every token, a timestamp into a datetime included: that
    was a quarter of the consumer loop's CPU when it only acked the events a publisher
    had marked done (an import's leads.created and leads.assigned, two per lead)."""
    tokens = (msg.reply or "").split(".")
    if tokens[:2] == ["$JS", "ACK"]:
        if len(tokens) == _V1_TOKENS:
            return int(tokens[4]) or 1
        if len(tokens) >= _V2_TOKENS:
            return int(tokens[Msg.Ack.NumDelivered]) or 1
    return msg.metadata.num_delivered or 1  # anything else: nats-py's reading (or error)


@dataclass(frozen=True)
class Subscription:
    durable: str
    stream: str
    filter_subject: str
    handler: Handler
    max_deliver: int = 5
    batch: int = 50
    # Events of one batch are handled this many at a time; handlers that must serialise
    # (a region's round-robin turn) do so with row locks, not by the consumer's order.
    concurrency: int = 8
    ack_wait_seconds: float = 30.0
    # Optional: apply each fetched batch in one transaction (servicekit.batching); the
    # one-by-one `handler` stays the fallback when a batch fails.
    batch_handler: BatchHandler | None = None
    # Independent fetch loops on the durable, as if that many replicas ran in this
    # process: while one batch waits on the database, the next one is fetched and planned.
    loops: int = 1
    # Several subjects of the stream instead of `filter_subject` (which should cover
    # them): JetStream then sends this durable only those, the rest costs nothing here.
    filter_subjects: tuple[str, ...] = ()
    # Batch mode: one consumer span per batch, in the first event's trace and linked to
    # the others' (servicekit.batching.start_batch_span), instead of a span per event.
    # What the handler publishes for an event still continues that event's trace.
    span_per_batch: bool = False
    # Under load, wait up to this long from a flow's first message for a fuller batch
    # (servicekit.pulling): for batch handlers whose cost is mostly per transaction.
    gather_seconds: float = 0.0
    # Pure: True for an event the handler would neither write nor publish anything for
    # (an import's per-lead event told in the import's summary). It is acked without an
    # inbox row: with no effect there is nothing to make idempotent, and under an import
    # those rows were most of what such events cost. Must not depend on time or state.
    silent: Callable[[Envelope, Message], bool] | None = None

    def retry_delay(self, delivered: int) -> float:
        return min(0.5 * 2 ** max(delivered - 1, 0), 30.0)


class Consumer:
    def __init__(self, sub: Subscription, *, sessions: async_sessionmaker[AsyncSession],
                 bus: Bus, source: str) -> None:
        self.sub, self.sessions, self.bus, self.source = sub, sessions, bus, source

    async def run(self, stop: asyncio.Event) -> None:
        await self.bus.ready.wait()
        assert self.bus.nc is not None
        if not await self._set_up_durable(stop):
            return
        pullers = [Puller(self.bus.nc, stream=self.sub.stream, durable=self.sub.durable,
                          batch=self.sub.batch, gather=self.sub.gather_seconds)
                   for _ in range(self.sub.loops)]
        try:
            for puller in pullers:
                await puller.start()
            await asyncio.gather(*(self._loop(puller, stop) for puller in pullers))
        finally:
            for puller in pullers:
                await puller.stop()

    async def _set_up_durable(self, stop: asyncio.Event) -> bool:
        """Until JetStream answers: right after a NATS restart (or while a cluster elects
        leaders) it may not, and a consumer that gave up here stayed gone, unnoticed,
        until the process restarted. False when stopped first."""
        delay = 0.5
        while not stop.is_set():
            try:
                await self._ensure_durable()
                return True
            except Exception as error:
                log.warning("%s: cannot set up the durable yet (%s: %s); retrying in %.1fs",
                            self.sub.durable, type(error).__name__, error, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                delay = min(delay * 2, 10.0)
        return False

    async def _ensure_durable(self) -> None:
        """Creates the durable, or brings an existing one's subjects to ours (the server
        changes the filter in place, keeping the durable's position)."""
        assert self.bus.js is not None
        subjects = self.sub.filter_subjects or (self.sub.filter_subject,)
        config = ConsumerConfig(name=self.sub.durable, durable_name=self.sub.durable,
                                ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL,
                                ack_wait=self.sub.ack_wait_seconds, max_ack_pending=1000,
                                max_deliver=-1)  # we dead-letter ourselves, with the reason
        if len(subjects) == 1:
            config.filter_subject = subjects[0]
        else:
            config.filter_subjects = list(subjects)
        try:
            have = (await self.bus.js.consumer_info(self.sub.stream, self.sub.durable)).config
        except NotFoundError:
            have = None
        if have is None or sorted(have.filter_subjects or [have.filter_subject or ""]) \
                != sorted(subjects):
            await self.bus.js.add_consumer(self.sub.stream, config)

    async def _loop(self, puller: Puller, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                messages = await puller.next_batch(wait_seconds=1.0)
            except Exception as error:
                log.warning("%s: fetch failed: %s", self.sub.durable, error)
                await asyncio.sleep(0.5)
                continue
            if not messages:
                continue
            try:
                await self._handle_all(messages)
            except Exception as error:
                # An ack, nak or dead-letter publish failing (NATS going away mid-batch)
                # used to end this loop for good; what was not acked comes back after
                # ack_wait, and the inbox makes the second application a no-op.
                log.warning("%s: batch of %d not settled (%s: %s); JetStream redelivers it",
                            self.sub.durable, len(messages), type(error).__name__, error)
                await asyncio.sleep(0.5)

    async def _handle_all(self, messages: list[Msg]) -> None:
        again = sum(1 for m in messages if delivered_times(m) > 1)
        if again:
            EVENTS_REDELIVERED.labels(self.sub.durable).inc(again)
        messages = await self._ack_done(messages)
        if messages and self.sub.batch_handler is not None:  # a lone message too: one
            messages = await self._handle_as_batch(messages)  # path, the set-based one
        if not messages:
            return
        slots = asyncio.Semaphore(self.sub.concurrency)

        async def one(msg: Msg) -> None:
            async with slots:
                await self.handle(msg)

        await asyncio.gather(*(one(m) for m in messages))

    async def _ack_done(self, messages: list[Msg]) -> list[Msg]:
        """Acks, as duplicates, the messages whose DONE_FOR header names this durable: the
        transaction that raised the event recorded it in our inbox (UnitOfWork.publish),
        so there is nothing to decode or look up. Returns the others. One span for them
        all (batching.span_over): a span per message was most of what these
        acks cost (two per web form in the leads service)."""
        rest, done = [], []
        for msg in messages:
            headers = msg.headers or {}
            (done if self.sub.durable in headers.get(DONE_FOR, "").split() else rest).append(msg)
        if not done:
            return rest
        subjects = Counter(msg.subject for msg in done)
        span = span_over(tracer, f"consume {done[0].subject}",
                         [trace.get_current_span(propagate.extract(msg.headers or {}))
                          for msg in done], self.sub.durable,
                         **{"salesos.done_by_publisher": True})
        try:
            for msg in done:
                await msg.ack()
        finally:
            span.end()
        for subject, count in subjects.items():
            EVENTS_CONSUMED.labels(self.sub.durable, subject, "duplicate").inc(count)
        return rest

    async def _handle_as_batch(self, messages: list[Msg]) -> list[Msg]:
        """Applies the batch in one transaction; returns the messages left for the
        one-by-one path (all of them when the batch failed, or undecodable ones)."""
        assert self.sub.batch_handler is not None
        deliveries, rest, quiet = [], [], []
        for msg in messages:
            try:
                envelope = Envelope.FromString(msg.data)
                payload = _unpack_any(envelope)
            except (DecodeError, KeyError, TypeError):
                rest.append(msg)  # dead-lettered by the one-by-one path, with the reason
                continue
            if self._silent(envelope, payload):
                quiet.append((msg, envelope.type))
                continue
            if self.sub.span_per_batch:  # the event's own trace, joined by the batch span
                span = upstream(envelope)
            else:
                span = tracer.start_span(
                    f"consume {envelope.type}", context=propagate.extract(trace_carrier(envelope)),
                    kind=trace.SpanKind.CONSUMER, attributes={
                        "messaging.consumer.group.name": self.sub.durable,
                        "messaging.message.id": envelope.id,
                        "messaging.batch.message_count": len(messages)})
            deliveries.append(Delivery(msg, envelope, payload, span))
        if not deliveries:
            await self._ack_silent(quiet)
            return rest
        batch = (start_batch_span(tracer, deliveries, self.sub.durable)
                 if self.sub.span_per_batch else None)
        try:
            outcomes = await apply_batch(deliveries, self.sub.batch_handler,
                                         durable=self.sub.durable, sessions=self.sessions,
                                         source=self.source)
        except Exception as error:
            log.info("%s: batch of %d failed (%s: %s); handling one by one",
                     self.sub.durable, len(deliveries), type(error).__name__, error)
            for delivery in deliveries:
                delivery.span.end()
            if batch is not None:
                batch.set_status(trace.StatusCode.ERROR, f"{type(error).__name__}: {error}")
                batch.end()
            return messages
        counts = Counter((d.envelope.type, outcome) for d, outcome in zip(deliveries, outcomes,
                                                                          strict=True))
        for (kind, outcome), n in counts.items():  # a labels() lookup per kind, not per event
            EVENTS_CONSUMED.labels(self.sub.durable, kind, outcome).inc(n)
        for delivery in deliveries:
            await delivery.msg.ack()
            delivery.span.end()
        if batch is not None:
            batch.end()
        await self._ack_silent(quiet)
        return rest

    def _silent(self, envelope: Envelope, payload: Message) -> bool:
        return self.sub.silent is not None and self.sub.silent(envelope, payload)

    async def _ack_silent(self, quiet: list[tuple[Msg, str]]) -> None:
        for msg, _ in quiet:
            await msg.ack()
        for kind, n in Counter(kind for _, kind in quiet).items():
            EVENTS_CONSUMED.labels(self.sub.durable, kind, "silent").inc(n)

    async def handle(self, msg: Msg) -> None:
        try:
            envelope = Envelope.FromString(msg.data)
            payload = _unpack_any(envelope)
        except (DecodeError, KeyError, TypeError) as error:
            await self._dead_letter(msg, "undecodable", error)
            return
        if self._silent(envelope, payload):
            await self._ack_silent([(msg, envelope.type)])
            return
        context = propagate.extract(trace_carrier(envelope))
        with tracer.start_as_current_span(f"consume {envelope.type}", context=context,
                                          kind=trace.SpanKind.CONSUMER) as span:
            span.set_attribute("messaging.consumer.group.name", self.sub.durable)
            span.set_attribute("messaging.message.id", envelope.id)
            await self._apply(msg, envelope, payload)

    async def _apply(self, msg: Msg, envelope: Envelope, payload: Message) -> None:
        delivered = msg.metadata.num_delivered or 1
        try:
            outcome = await self._handle_once(envelope, payload)
        except Exception as error:
            transient = isinstance(error, TransientError) or is_unavailable(error)
            EVENTS_CONSUMED.labels(self.sub.durable, envelope.type, "retry").inc()
            if not transient and delivered >= self.sub.max_deliver:
                log.exception("%s: giving up on %s", self.sub.durable, envelope.id)
                await self._dead_letter(msg, envelope.type, error)
                return
            log.warning("%s: %s %s failed (delivery %d): %s", self.sub.durable, envelope.type,
                        envelope.id, delivered, error)
            await msg.nak(delay=self.sub.retry_delay(delivered))
            return
        EVENTS_CONSUMED.labels(self.sub.durable, envelope.type, outcome).inc()
        await msg.ack()

    async def _handle_once(self, envelope: Envelope, payload: Message) -> str:
        async with UnitOfWork(self.sessions, source=self.source) as uow:
            if not await record_new(uow.session, [uuid.UUID(envelope.id)], self.sub.durable):
                return "duplicate"
            await self.sub.handler(uow, envelope, payload)
            await uow.commit()
        return "applied"

    async def _dead_letter(self, msg: Msg, kind: str, error: BaseException) -> None:
        assert self.bus.js is not None
        DEAD_LETTERS.labels(self.sub.durable, kind).inc()
        headers = dict(msg.headers or {})
        headers["Nats-Msg-Id"] = f"{headers.get('Nats-Msg-Id', '')}:{self.sub.durable}:dead"
        headers["Salesos-Error"] = f"{type(error).__name__}: {error}"[:500]
        headers["Salesos-Delivered"] = str(msg.metadata.num_delivered or 0)
        await self.bus.js.publish(f"deadletter.{self.sub.durable}.{msg.subject}", msg.data,
                                  headers=headers)
        await msg.term()


@cache
def _payload_class(name: str) -> type[Message]:
    return symbol_database.Default().GetSymbol(name)  # type: ignore[no-any-return]


def _unpack_any(envelope: Envelope) -> Message:
    """Payload types are found by name, so a consumer needs no registry of its own; the
    generated module only has to be imported (the handler module imports it)."""
    payload = _payload_class(envelope.payload.TypeName())()
    envelope.payload.Unpack(payload)
    return payload
