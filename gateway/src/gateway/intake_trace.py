"""The span of one `CreateLeads` call, and the trace context its metadata carries.

The intake channel has no OpenTelemetry client interceptor: per call it cost a task, a
wrapped response and a span of its own, and the span it made was the child of whichever
form's request happened to start the batch, the other forms not knowing of it. Here the
call's CLIENT span (named and attributed as the interceptor named its spans) is the
child of the batch's first form and links every other form's span, so each form's trace
finds the call that carried it; the leads service continues the call's span from the
metadata, and each item's own `traceparent` (intake_batcher.py) its events.
"""

from __future__ import annotations

from collections.abc import Sequence

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import Link, NonRecordingSpan, Span, SpanContext, SpanKind

_tracer = trace.get_tracer("gateway.intake")
NAME = "/salesos.leads.v1.LeadService/CreateLeads"
_ATTRIBUTES = {"rpc.system": "grpc", "rpc.service": "salesos.leads.v1.LeadService",
               "rpc.method": "CreateLeads"}


def batch_span(forms: Sequence[SpanContext], tracer: trace.Tracer | None = None) -> Span:
    """Started, not current: the caller makes it current around the call and ends it."""
    first = forms[0] if forms and forms[0].is_valid else None
    parent = (trace.set_span_in_context(NonRecordingSpan(first)) if first is not None
              else otel_context.Context())
    links = [Link(form) for form in forms[1:] if form.is_valid]
    return (tracer or _tracer).start_span(NAME, context=parent, kind=SpanKind.CLIENT, links=links,
                              attributes={**_ATTRIBUTES, "salesos.intake.forms": len(forms)})


def traced_metadata(metadata: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """`metadata` plus the current span's trace context (traceparent, tracestate)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return (*metadata, *carrier.items())
