"""The one middleware every HTTP request passes: its server span, its latency metric, its
`X-Trace-Id`, its body limit and its access log line, in a single layer.

These used to be five layers (OpenTelemetry's ASGI middleware and its exception wrapper,
FastAPI's native telemetry, our metrics and our body limit), each wrapping `send` and
`receive`: a web form's answer walked all of them, most of the gateway's CPU per request.

- Span: continues the caller's `traceparent`, SERVER kind, named `<METHOD> <route template>`
  with `http.method/scheme/flavor/target/route/status_code`; 5xx or an exception marks it
  ERROR. It is the current span while the app runs, so gRPC calls carry its context.
  `/healthz`, `/readyz`, `/readyz/self` and `/metrics` get no span (probes would drown the traces).
- Prometheus `salesos_http_seconds{method, route, status}`, per route template (one time
  series per lead id otherwise); `X-Trace-Id` echoes the trace so a bug report finds it.
- Body limit: see bodylimit.py. Access log (`gateway.access`): 5xx at INFO, the rest at
  DEBUG - a JSON line per request at INFO cost as much as the span; Prometheus counts them.
"""

from __future__ import annotations

import logging
import time

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, StatusCode
from prometheus_client import Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.bodylimit import BodyLimits, BodyTooLarge, too_large

log = logging.getLogger("gateway.access")
HTTP_LATENCY = Histogram("salesos_http_seconds", "Gateway HTTP handling time",
                         ["method", "route", "status"])
UNTRACED = frozenset({"/healthz", "/readyz", "/readyz/self", "/metrics"})
_PROPAGATED = frozenset({b"traceparent", b"tracestate", b"baggage"})


class Edge:
    def __init__(self, app: ASGIApp, limits: BodyLimits,
                 tracer: trace.Tracer | None = None) -> None:
        self.app = app
        self.limits = limits
        self._tracer = tracer or trace.get_tracer("gateway.http")
        self._latency: dict[tuple[str, str, int], Histogram] = {}  # labels() takes a lock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path: str = scope["path"]
        limit = self.limits.limit_for(path)
        declared: int | None = None
        carrier: dict[str, str] = {}
        for name, value in scope["headers"]:  # one pass for everything this layer reads
            if name == b"content-length" and declared is None:
                declared = int(value) if value.isdigit() else None
            elif name in _PROPAGATED:
                carrier.setdefault(name.decode(), value.decode("latin-1"))
        span = token = None
        trace_header: list[tuple[bytes, bytes]] = []
        if path not in UNTRACED:
            parent = propagate.extract(carrier) if carrier else None
            span = self._tracer.start_span(scope["method"], context=parent,
                                           kind=SpanKind.SERVER, attributes={
                                               "http.method": scope["method"],
                                               "http.scheme": scope.get("scheme", "http"),
                                               "http.flavor": scope.get("http_version", ""),
                                               "http.target": path})
            token = otel_context.attach(trace.set_span_in_context(span, parent))
            span_context = span.get_span_context()
            if span_context.is_valid:
                trace_header.append((b"x-trace-id", b"%032x" % span_context.trace_id))
        status: int | None = None  # None until the answer starts
        received = 0

        async def edge_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if trace_header:
                    message["headers"] = [*message.get("headers", ()), *trace_header]
            await send(message)

        async def edge_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        error: BaseException | None = None
        try:
            if declared is not None and declared > limit:
                await too_large(limit).response()(scope, receive, edge_send)
                return
            try:
                await self.app(scope, edge_receive, edge_send)
            except BodyTooLarge:
                if status is not None:  # answer started: too late to change it, drop the connection
                    raise
                await too_large(limit).response()(scope, receive, edge_send)
        except BaseException as exc:
            error = exc
            raise
        finally:
            self._finish(scope, status or 500, time.perf_counter() - started, span, error)
            if token is not None:
                otel_context.detach(token)

    def _finish(self, scope: Scope, status: int, elapsed: float, span: Span | None,
                error: BaseException | None) -> None:
        method: str = scope["method"]
        route: str | None = getattr(scope.get("route"), "path", None)
        key = (method, route or "unmatched", status)
        child = self._latency.get(key)
        if child is None:
            child = self._latency[key] = HTTP_LATENCY.labels(key[0], key[1], str(status))
        child.observe(elapsed)
        if span is not None:
            if route:
                span.update_name(f"{method} {route}")
                span.set_attribute("http.route", route)
            span.set_attribute("http.status_code", status)
            if isinstance(error, Exception):
                span.record_exception(error)
            if status >= 500 or error is not None:
                span.set_status(StatusCode.ERROR)
            span.end()
        level = logging.INFO if status >= 500 else logging.DEBUG
        if log.isEnabledFor(level):
            log.log(level, "%s %s %d", method, key[1], status, extra={
                "http_route": key[1], "http_status": status,
                "duration_ms": round(elapsed * 1e3, 1)})
