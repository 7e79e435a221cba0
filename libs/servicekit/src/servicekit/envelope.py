"""The event envelope: one protobuf `Envelope` per JetStream message."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.message import Message
from opentelemetry import propagate
from salesos.events.v1.envelope_pb2 import Envelope
from uuid6 import uuid7


def new_envelope(event: Message, *, type: str, source: str, aggregate_id: str) -> Envelope:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)  # the trace that caused the event continues in its consumers
    envelope = Envelope(
        id=str(uuid7()),
        type=type,
        source=source,
        aggregate_id=aggregate_id,
        traceparent=carrier.get("traceparent", ""),
        tracestate=carrier.get("tracestate", ""),
    )
    envelope.occurred_at.FromDatetime(datetime.now(UTC))
    envelope.payload.Pack(event)
    return envelope


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
