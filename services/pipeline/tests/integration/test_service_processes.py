"""Every service whose domain comes later is already a real process: it migrates its own
schema (with the outbox and inbox the domain will need), answers gRPC health checks as
SERVING, and stops cleanly on SIGTERM.

One parametrised test for pipeline, workorders, incentives and notifications, kept here
because the first three have no other tests yet.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from grpc_health.v1 import health_pb2, health_pb2_grpc
from servicekit.devstack import free_port
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.integration
SERVICES = ["pipeline", "workorders", "incentives", "notifications"]


def _env(infra: Any, service: str, grpc_port: int) -> dict[str, str]:
    prefix = f"SALESOS_{service.upper()}_"
    return {**os.environ, "SALESOS_DATABASE_URL": infra.database_url,
            "SALESOS_NATS_URL": infra.nats_url, "SALESOS_DEMO": "1",
            prefix + "GRPC_PORT": str(grpc_port), prefix + "METRICS_PORT": str(free_port())}


@pytest.fixture(params=SERVICES)
def service(request: pytest.FixtureRequest, infra: Any) -> Iterator[tuple[int, Any]]:
    """`python -m <service> migrate`, then `serve` as a child; yields (grpc port, process)."""
    name, port = request.param, free_port()
    env = _env(infra, name, port)
    migrate = subprocess.run([sys.executable, "-m", name, "migrate"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert migrate.returncode == 0, migrate.stderr
    process = subprocess.Popen([sys.executable, "-m", name, "serve"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield port, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


async def test_service_process_answers_health_serving_and_stops_on_sigterm(
    service: tuple[int, subprocess.Popen[bytes]],
) -> None:
    port, process = service
    assert await _health(f"127.0.0.1:{port}", process) == health_pb2.HealthCheckResponse.SERVING
    process.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(process.wait, 20) == 0, process.stderr and process.stderr.read()


@pytest.mark.parametrize("schema", SERVICES)
async def test_service_schema_has_outbox_and_inbox_for_its_events(infra: Any, schema: str) -> None:
    # `infra` migrated every installed service; the domain's first issue builds on these.
    engine = create_async_engine(infra.database_url)
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(
                lambda sync: set(sa.inspect(sync).get_table_names(schema=schema)))
    finally:
        await engine.dispose()
    assert {"outbox", "inbox", "alembic_version"} <= tables


async def _health(address: str, process: subprocess.Popen[bytes]) -> int:
    async with grpc.aio.insecure_channel(address) as channel, asyncio.timeout(30):
        stub = health_pb2_grpc.HealthStub(channel)
        while True:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"process exited with {process.returncode}: {stderr[-2000:]}")
            try:
                response = await stub.Check(health_pb2.HealthCheckRequest(service=""))
                return int(response.status)
            except grpc.aio.AioRpcError:
                await asyncio.sleep(0.2)
