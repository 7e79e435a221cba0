"""The event envelope: one protobuf `Envelope` per JetStream message."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from opentelemetry import context as otel_context
from opentelemetry import propagate
from salesos.events.v1.envelope_pb2 import Envelope

from servicekit.ids import as_text, uuid7_ints, uuid7_text

_injected: tuple[otel_context.Context, dict[str, str]] | None = None


def _current_trace() -> dict[str, str]:
    """The current trace context as W3C headers. Contexts are immutable, so the headers
    of the last one are kept: a unit of work's events mostly share one (intake's two
    events per lead), and injecting was a visible cost per event."""
    global _injected
    current = otel_context.get_current()
    if _injected is None or _injected[0] is not current:
        carrier: dict[str, str] = {}
        propagate.inject(carrier, context=current)
        _injected = (current, carrier)
    return _injected[1]


def new_envelope(event: Message, *, type: str, source: str, aggregate_id: str) -> Envelope:
    carrier = _current_trace()  # the trace that caused the event continues in its consumers
    envelope = Envelope(
        id=uuid7_text(),
        type=type,
        source=source,
        aggregate_id=aggregate_id,
        traceparent=carrier.get("traceparent", ""),
        tracestate=carrier.get("tracestate", ""),
    )
    envelope.occurred_at.FromDatetime(datetime.now(UTC))
    envelope.payload.Pack(event)
    return envelope


def new_envelopes(events: Sequence[tuple[Message, str, str]], *, source: str
                  ) -> list[tuple[uuid.UUID, Envelope]]:
    """(payload, type, aggregate id) each -> (event id, envelope), as `new_envelope` makes
    them, for a whole batch (an import's): the ids come as one block, the time and the
    trace context once for all — per event they were most of an imported row's cost."""
    carrier = _current_trace()
    occurred = Timestamp()
    occurred.FromDatetime(datetime.now(UTC))
    made = []
    for event_id, (event, kind, aggregate_id) in zip(uuid7_ints(len(events)), events,
                                                     strict=True):
        envelope = Envelope(id=as_text(event_id), type=kind, source=source,
                            aggregate_id=aggregate_id,
                            traceparent=carrier.get("traceparent", ""),
                            tracestate=carrier.get("tracestate", ""))
        envelope.occurred_at.CopyFrom(occurred)
        envelope.payload.Pack(event)
        made.append((uuid.UUID(int=event_id), envelope))
    return made


def trace_carrier(envelope: Envelope) -> dict[str, str]:
    carrier = {"traceparent": envelope.traceparent}
    if envelope.tracestate:
        carrier["tracestate"] = envelope.tracestate
    return carrier if envelope.traceparent else {}


def unpack(envelope: Envelope, payload_type: type[Message]) -> Message:
    message = payload_type()
    if not envelope.payload.Unpack(message):
        raise TypeError(f"{envelope.type}: payload is {envelope.payload.TypeName()}, "
                        f"not {payload_type.DESCRIPTOR.full_name}")
    return message
