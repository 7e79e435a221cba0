"""OpenTelemetry set-up: one tracer provider per process.

Spans are exported over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; with
`SALESOS_TRACE_FILE` they are also appended as JSON lines to a file, which is how the
end-to-end test proves one trace spans gateway → gRPC → NATS → consumer.
"""

from __future__ import annotations

import os

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
)

_configured = False


def setup_telemetry(service_name: str) -> None:
    global _configured
    if _configured:
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service_name,
                                                        "service.namespace": "salesos"}))
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace_file = os.environ.get("SALESOS_TRACE_FILE")
    if trace_file:
        out = open(trace_file, "a", buffering=1, encoding="utf-8")
        exporter = ConsoleSpanExporter(out=out,
                                       formatter=lambda span: span.to_json(indent=None) + "\n")
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    _configured = True


def current_trace_id() -> str:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else ""
