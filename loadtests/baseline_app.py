"""The bench's yardstick: the least a web intake can do — one FastAPI process, one
asyncpg INSERT per request, nothing else (no auth, no validation, no second process).

`make bench` starts it with uvicorn on a free port, against the same PostgreSQL, and
posts the same web forms to it at the same concurrency as to the real gateway.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, Request, Response

DSN = os.environ.get("SALESOS_BASELINE_DSN", "postgresql://salesos@127.0.0.1:55432/salesos")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(DSN, min_size=4, max_size=16)
    async with app.state.pool.acquire() as conn:
        await conn.execute("CREATE SCHEMA IF NOT EXISTS bench_baseline")
        await conn.execute("CREATE TABLE IF NOT EXISTS bench_baseline.leads "
                           "(id uuid PRIMARY KEY, body jsonb NOT NULL)")
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/intake", status_code=202)
async def intake(request: Request) -> Response:
    lead_id = uuid.uuid4()
    async with request.app.state.pool.acquire() as conn:
        await conn.execute("INSERT INTO bench_baseline.leads VALUES ($1, $2)", lead_id,
                           json.dumps(await request.json()))
    return Response(json.dumps({"lead_id": str(lead_id)}), status_code=202,
                    media_type="application/json")
