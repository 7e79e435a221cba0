"""A batch of web forms goes to leads in one call: the call's span belongs to the first
form's trace and links every other form's, so each form's trace finds the call."""

from __future__ import annotations

from gateway.intake_trace import NAME, batch_span, traced_metadata
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanContext, SpanKind, TraceFlags


def _form(n: int) -> SpanContext:
    return SpanContext(trace_id=n, span_id=n, is_remote=False, trace_flags=TraceFlags(1))


def test_the_call_is_a_child_of_the_first_form_and_links_the_others() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    span = batch_span([_form(1), _form(2), _form(3)], provider.get_tracer("test"))
    with trace.use_span(span, end_on_exit=True):
        metadata = dict(traced_metadata((("authorization", "Bearer t"),)))
    [call] = exporter.get_finished_spans()
    assert (call.name, call.kind) == (NAME, SpanKind.CLIENT)
    assert call.context.trace_id == 1 and call.parent is not None and call.parent.span_id == 1
    assert [link.context.trace_id for link in call.links] == [2, 3]
    assert call.attributes is not None and call.attributes["salesos.intake.forms"] == 3
    # The leads service continues the call's span from the metadata, beside the token.
    assert metadata["authorization"] == "Bearer t"
    assert metadata["traceparent"] == f"00-{1:032x}-{call.context.span_id:016x}-01"


def test_forms_without_a_trace_give_a_call_of_its_own() -> None:
    provider = TracerProvider()
    span = batch_span([SpanContext(0, 0, False)], provider.get_tracer("test"))
    span.end()
    assert span.get_span_context().is_valid and not span.links  # type: ignore[attr-defined]
