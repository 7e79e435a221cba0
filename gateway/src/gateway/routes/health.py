"""Liveness, readiness (the gateway's database answers) and Prometheus metrics."""

from __future__ import annotations

import asyncio

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
async def readyz(request: Request, settings: Settings) -> dict[str, str]:
    try:
        async with asyncio.timeout(3), request.app.state.sessions() as session:
            await session.execute(text("SELECT 1"))
    except Exception as error:
        raise unavailable(settings.retry_after_seconds, "数据库不可用") from error
    return {"status": "ready"}


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
