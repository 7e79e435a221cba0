"""Per-request observability: Prometheus latency per route template (not per raw path,
which would make one time series per lead id), and the trace id echoed in `X-Trace-Id`
so a user's bug report or a test can find the whole trace."""

from __future__ import annotations

import logging
import time

from prometheus_client import Histogram
from servicekit.telemetry import current_trace_id
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("gateway.access")
HTTP_LATENCY = Histogram("salesos_http_seconds", "Gateway HTTP handling time",
                         ["method", "route", "status"])


class RequestMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                trace_id = current_trace_id()
                if trace_id:
                    message.setdefault("headers", [])
                    message["headers"] = [*message["headers"],
                                          (b"x-trace-id", trace_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            elapsed = time.perf_counter() - started
            HTTP_LATENCY.labels(scope["method"], route, str(status)).observe(elapsed)
            log.info("%s %s %d", scope["method"], route, status, extra={
                "http_route": route, "http_status": status, "duration_ms": round(elapsed * 1e3, 1)})
