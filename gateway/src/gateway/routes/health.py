"""Liveness, readiness and Prometheus metrics.

Two readiness views: `/readyz/self` is what k8s' readinessProbe asks, and fails only for
what is this replica's own (draining after SIGTERM; before start-up it does not listen
yet). `/readyz` is the people's and monitoring's view of the dependencies. A dependency
every replica shares (the database) must not fail the probe: all replicas would leave
the Service at once and clients would get the ingress' bare 502 instead of the gateway's
own 503 + Retry-After naming what is down."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from gateway.deps import Settings
from gateway.problems import unavailable
from gateway.readiness import NATS

router = APIRouter(tags=["ops"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def start_draining(app: FastAPI) -> None:
    """From SIGTERM on (server.py): the probe fails, so k8s stops sending new requests
    here even on connections it keeps open, while in-flight ones finish."""
    app.state.draining = True


@router.get("/readyz/self")
async def ready_self(request: Request, settings: Settings) -> dict[str, str]:
    if getattr(request.app.state, "draining", False):
        raise unavailable(settings.retry_after_seconds, "网关正在停止")
    return {"status": "ready"}


@router.get("/readyz")
async def readyz(request: Request, settings: Settings) -> dict[str, Any]:
    """200 while the gateway can serve (its database answers), 503 otherwise. A
    service that is down makes only its own routes 503, and NATS down stops events, not
    reads: taking every gateway replica out of the load balancer for either would stop
    what still works. So the body says what is missing: `{"status": "degraded",
    "missing": ["pipeline", "nats"], "services": {"leads": "ok", "pipeline":
    "unavailable", ...}, "nats": "unavailable"}` ("ready" when nothing is)."""
    database, states = await asyncio.gather(_database_answers(request),
                                            request.app.state.readiness.states())
    missing = [name for name, state in states.items() if state != "ok"]
    if not database:
        also = f"；不可用的依赖：{', '.join(missing)}" if missing else ""
        raise unavailable(settings.retry_after_seconds, f"数据库不可用{also}")
    services = {name: state for name, state in states.items() if name != NATS}
    return {"status": "degraded" if missing else "ready", "missing": missing,
            "services": services, NATS: states[NATS]}


async def _database_answers(request: Request) -> bool:
    try:
        async with asyncio.timeout(3), request.app.state.sessions() as session:
            await session.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
