"""Batch mode of the consumer: a fetched batch is applied in ONE transaction.

Per event, the usual path costs a pool checkout, BEGIN, an inbox insert, the handler's
statements, an outbox insert, NOTIFY and COMMIT; under a burst those round trips are the
consumer's whole cost. A subscription with a `batch_handler` records every event id of
the batch in `inbox` with one statement, hands the new ones to the handler together (it
can then lock, read and write once for all of them), commits once and acks each message.

Nothing about the guarantees changes: the inbox rows and the effects commit together,
duplicates are skipped, and acks follow the commit. Should the batch fail for any reason,
it is rolled back and its messages go through the one-by-one path, which retries,
dead-letters a poison message on its own and leaves the others to succeed.

Each event keeps its own consumer span in its own trace; `Delivery.traced()` makes it
current, so events the handler publishes for that event continue that trace. With
`Subscription(span_per_batch=True)` a batch has one consumer span instead (a span costs
more CPU than a set-based handler spends on its event): it belongs to the first event's
trace and links to every other event's, and each Delivery carries its event's upstream
context, so what the handler publishes for an event still continues that event's trace.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from google.protobuf.message import Message
from nats.aio.msg import Msg
from opentelemetry import propagate, trace
from salesos.events.v1.envelope_pb2 import Envelope
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.bulk import unnest_insert
from servicekit.envelope import trace_carrier
from servicekit.tables import inbox
from servicekit.uow import UnitOfWork


@dataclass(frozen=True)
class Delivery:
    msg: Msg
    envelope: Envelope
    payload: Message
    span: trace.Span

    @contextmanager
    def traced(self) -> Iterator[None]:
        with trace.use_span(self.span, end_on_exit=False):
            yield


def upstream(envelope: Envelope) -> trace.Span:
    """The publisher's span of the event, as a non-recording stand-in: made current, what
    is published continues the event's trace; ending it does nothing."""
    return trace.get_current_span(propagate.extract(trace_carrier(envelope)))


def span_over(tracer: trace.Tracer, name: str, upstreams: list[trace.Span], durable: str,
              **attributes: object) -> trace.Span:
    """One consumer span for many events (their publishers' spans, as `upstream` gives
    them): a child of the first's, linked to the others'."""
    links = [trace.Link(context) for span in upstreams[1:]
             if (context := span.get_span_context()).is_valid]
    return tracer.start_span(
        name, context=trace.set_span_in_context(upstreams[0]), kind=trace.SpanKind.CONSUMER,
        links=links, attributes={"messaging.consumer.group.name": durable,
                                 "messaging.batch.message_count": len(upstreams),
                                 **attributes})  # type: ignore[dict-item]


def start_batch_span(tracer: trace.Tracer, deliveries: list[Delivery], durable: str
                     ) -> trace.Span:
    """The batch's consumer span (Delivery.span being `upstream`): span_over its events."""
    first = deliveries[0]
    return span_over(tracer, f"consume {first.envelope.type}", [d.span for d in deliveries],
                     durable, **{"messaging.message.id": first.envelope.id})


_RECORD = unnest_insert(inbox, ("event_id", "consumer"), on_conflict="ON CONFLICT DO NOTHING",
                        returning=("event_id",))
BatchHandler = Callable[[UnitOfWork, list[Delivery]], Awaitable[None]]


async def record_new(session: AsyncSession, event_ids: list[uuid.UUID], durable: str
                     ) -> set[uuid.UUID]:
    """Records the events in `durable`'s inbox; the ids it had not seen (one statement, for
    a batch or a lone event alike)."""
    inserted = await session.execute(_RECORD, {"event_id": event_ids,
                                               "consumer": [durable] * len(event_ids)})
    return set(inserted.scalars())


async def apply_batch(deliveries: list[Delivery], handler: BatchHandler, *, durable: str,
                      sessions: async_sessionmaker[AsyncSession], source: str) -> list[str]:
    """Applies the batch in one transaction; the outcome of each delivery, in order
    ("applied" or "duplicate"). Raises when the batch must be retried one by one."""
    ids = list(dict.fromkeys(uuid.UUID(d.envelope.id) for d in deliveries))
    async with UnitOfWork(sessions, source=source) as uow:
        fresh = await record_new(uow.session, ids, durable)
        todo, taken = [], set()
        for delivery in deliveries:  # the same event twice in one batch: handled once
            event_id = uuid.UUID(delivery.envelope.id)
            if event_id in fresh and event_id not in taken:
                todo.append(delivery)
                taken.add(event_id)
        if todo:
            await handler(uow, todo)
        await uow.commit()
    done = {id(d) for d in todo}
    return ["applied" if id(d) in done else "duplicate" for d in deliveries]


def each(handler: Callable[[UnitOfWork, Envelope, Message], Awaitable[None]], *,
         order: Callable[[Delivery], Any] | None = None) -> BatchHandler:
    """A batch handler that runs a one-event handler for every delivery in the batch's
    one transaction, each in its event's trace. `order` sorts the deliveries (stable, so
    events of one key keep their order), e.g. by the row each locks, so that concurrent
    batches lock rows in one order."""
    async def run(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
        for delivery in sorted(deliveries, key=order) if order else deliveries:
            with delivery.traced():
                await handler(uow, delivery.envelope, delivery.payload)

    return run
