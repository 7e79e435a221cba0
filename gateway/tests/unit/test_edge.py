"""Every request gets one server span (named by its route template, continuing the
caller's trace, marked as failed on 5xx), its trace id in X-Trace-Id, and the body limit."""

from __future__ import annotations

from types import SimpleNamespace

import httpx
from gateway.bodylimit import BodyLimits
from gateway.edge import Edge
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from starlette.types import Receive, Scope, Send

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
current_spans: list[trace.Span] = []


async def _app(scope: Scope, receive: Receive, send: Send) -> None:
    """Stands for the routes: remembers the span it ran under, answers per path."""
    scope["route"] = SimpleNamespace(path="/api/v1/leads/{lead_id}")
    current_spans.append(trace.get_current_span())
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    status = 500 if scope["path"].endswith("/boom") else 200
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def _edge() -> tuple[httpx.AsyncClient, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    edge = Edge(_app, BodyLimits(1024), tracer=provider.get_tracer("test"))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=edge),
                             base_url="http://gw"), exporter


async def test_a_request_is_one_server_span_named_by_its_route_continuing_the_callers_trace(
) -> None:
    client, exporter = _edge()
    async with client:
        response = await client.get("/api/v1/leads/42", headers={
            "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"})
    [span] = exporter.get_finished_spans()
    assert current_spans[-1].get_span_context() == span.context  # what gRPC calls carry
    assert span.name == "GET /api/v1/leads/{lead_id}" and span.kind == SpanKind.SERVER
    assert format(span.context.trace_id, "032x") == TRACE_ID == response.headers["x-trace-id"]
    assert span.attributes["http.route"] == "/api/v1/leads/{lead_id}"
    assert span.attributes["http.status_code"] == 200
    assert span.attributes["http.target"] == "/api/v1/leads/42"
    assert span.status.status_code == StatusCode.UNSET


async def test_a_5xx_answer_marks_the_span_as_failed() -> None:
    client, exporter = _edge()
    async with client:
        response = await client.get("/api/v1/leads/boom")
    assert response.status_code == 500
    [span] = exporter.get_finished_spans()
    assert span.status.status_code == StatusCode.ERROR
    assert response.headers["x-trace-id"] == format(span.context.trace_id, "032x")


async def test_probes_get_no_span() -> None:
    client, exporter = _edge()
    async with client:
        response = await client.get("/healthz")
    assert response.status_code == 200 and "x-trace-id" not in response.headers
    assert exporter.get_finished_spans() == ()


async def test_a_body_over_the_limit_is_413_whether_declared_or_streamed() -> None:
    client, exporter = _edge()

    async def chunks():  # no Content-Length: counted as it arrives
        for _ in range(3):
            yield b"x" * 512

    async with client:
        declared = await client.post("/api/v1/leads", content=b"x" * 1025)
        streamed = await client.post("/api/v1/leads", content=chunks())
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "payload_too_large"
    assert [s.attributes["http.status_code"] for s in exporter.get_finished_spans()] == [413, 413]
