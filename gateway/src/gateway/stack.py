"""The ASGI stack around the routes: `Edge` (span, metrics, body limit), then the lean
path of the hot write routes (lane.py), then FastAPI's own stack, minus two layers that
have nothing to do here.

FastAPI's native telemetry is switched off (the app is created with it disabled):
Edge makes the one server span. Its per-request `ExceptionTelemetryMiddleware` then only
reports to that disabled telemetry, and `AppBodyLimitMiddleware` only acts for a
`max_body_size` we never set (Edge applies ours); both are taken out of the built stack,
so a request passes ServerErrorMiddleware → ExceptionMiddleware → the router.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi._body_limit import AppBodyLimitMiddleware
from fastapi.telemetry._asgi import ExceptionTelemetryMiddleware
from starlette.types import ASGIApp

from gateway.bodylimit import BodyLimits
from gateway.edge import Edge
from gateway.lane import Handler, Lane
from gateway.routes import ads, channels, intake, lead_entry

TELEMETRY_OFF = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}
# The lean routes: exact POST paths, and POST <prefix><one segment>.
LEAN: dict[str, Handler] = {intake.PATH: intake.lean_web_form,
                            channels.QR_PATH: channels.lean_qr_scan,
                            lead_entry.PATH: lead_entry.lean_create_lead}
LEAN_PREFIXED: dict[str, tuple[Handler, str]] = {ads.PREFIX: (ads.lean_ad_lead, "platform")}
_IDLE = (ExceptionTelemetryMiddleware, AppBodyLimitMiddleware)


class GatewayApp(FastAPI):
    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        if self.max_body_size is None:
            _splice_out(stack, _IDLE)
        limits: BodyLimits = self.state.body_limits
        return Edge(Lane(stack, self.state, LEAN, LEAN_PREFIXED), limits)


def _splice_out(stack: ASGIApp, kinds: tuple[type, ...]) -> None:
    """Drops layers of these kinds from the chain of `.app` attributes below `stack`."""
    layer: Any = stack
    for _ in range(10):  # the built stack is a handful of layers; the router ends it
        inner = getattr(layer, "app", None)
        if inner is None or not hasattr(inner, "app"):
            return
        if isinstance(inner, kinds):
            layer.app = inner.app
        else:
            layer = inner
