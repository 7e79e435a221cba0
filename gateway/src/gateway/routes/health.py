"""Liveness, readiness (the gateway's database answers; the body names the services that
do not) and Prometheus metrics."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from gateway.deps import Settings
from gateway.problems import unavailable

router = APIRouter(tags=["ops"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request, settings: Settings) -> dict[str, Any]:
    """200 while the gateway itself can serve (its database answers), 503 otherwise. A
    service that is down makes only its own routes 503: taking every gateway replica out
    of the load balancer for it would stop the routes that do not need it too. So the
    body says what is missing: `{"status": "degraded", "missing": ["pipeline"],
    "services": {"leads": "ok", "pipeline": "unavailable", ...}}` ("ready" when none)."""
    database, services = await asyncio.gather(_database_answers(request),
                                              request.app.state.readiness.services())
    missing = [name for name, state in services.items() if state != "ok"]
    if not database:
        also = f"；不可用的服务：{', '.join(missing)}" if missing else ""
        raise unavailable(settings.retry_after_seconds, f"数据库不可用{also}")
    return {"status": "degraded" if missing else "ready", "missing": missing,
            "services": services}


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
