"""A batch with one consumer span still leaves every event's trace whole."""

from __future__ import annotations

import uuid

from opentelemetry import propagate, trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from salesos.events.v1.leads_pb2 import LeadCreated
from servicekit.batching import Delivery, span_over, start_batch_span, upstream
from servicekit.envelope import new_envelope


def _published(tracer: trace.Tracer, n: int) -> list[Delivery]:
    """n events, each raised in its own trace, as a fetched batch would deliver them."""
    deliveries = []
    for _ in range(n):
        with tracer.start_as_current_span("intake"):
            event = LeadCreated(lead_id=str(uuid.uuid4()))
            envelope = new_envelope(event, type="leads.created", source="leads",
                                    aggregate_id=event.lead_id)
        deliveries.append(Delivery(None, envelope, event, upstream(envelope)))  # type: ignore[arg-type]
    return deliveries


def test_the_batch_span_joins_the_first_trace_and_links_every_other() -> None:
    exported = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exported))
    tracer = provider.get_tracer("test")
    deliveries = _published(tracer, 3)
    traces = [int(d.envelope.traceparent.split("-")[1], 16) for d in deliveries]
    assert len(set(traces)) == 3

    start_batch_span(tracer, deliveries, "notifications").end()

    [batch] = [s for s in exported.get_finished_spans() if s.name == "consume leads.created"]
    assert batch.context.trace_id == traces[0]
    assert batch.kind == trace.SpanKind.CONSUMER
    assert [link.context.trace_id for link in batch.links] == traces[1:]
    assert batch.attributes["messaging.batch.message_count"] == 3


def test_what_is_published_for_an_event_continues_that_events_trace() -> None:
    tracer = TracerProvider().get_tracer("test")
    deliveries = _published(tracer, 2)
    for delivery in deliveries:
        with delivery.traced():
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
        assert carrier["traceparent"].split("-")[1] == delivery.envelope.traceparent.split("-")[1]
        delivery.span.end()  # a stand-in: nothing to record


def test_acks_of_events_done_by_their_publisher_share_one_span_joined_to_each_trace() -> None:
    exported = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exported))
    tracer = provider.get_tracer("test")
    headers = []  # what the relay put on each message: its publisher's trace context
    for _ in range(3):
        with tracer.start_as_current_span("intake"):
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
            headers.append(carrier)
    traces = [int(h["traceparent"].split("-")[1], 16) for h in headers]

    span_over(tracer, "consume leads.created",
              [trace.get_current_span(propagate.extract(h)) for h in headers], "leads-assigner",
              **{"salesos.done_by_publisher": True}).end()

    [acks] = [s for s in exported.get_finished_spans() if s.name == "consume leads.created"]
    assert acks.context.trace_id == traces[0]
    assert [link.context.trace_id for link in acks.links] == traces[1:]
    assert acks.attributes["messaging.batch.message_count"] == 3
    assert acks.attributes["salesos.done_by_publisher"] is True
