"""Real PostgreSQL (servicekit's `infra`) migrated into a schema of the tests' own, and a
real PipelineService gRPC server with the standard interceptors (tokens verified)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pipeline.entrypoints.grpc_server import SERVICE_NAME, PipelineServicer
from pipeline.service_layer.deps import Deps
from salesos.pipeline.v1 import pipeline_pb2_grpc
from servicekit.db import create_engine, session_factory
from servicekit.migrations import upgrade_head
from servicekit.settings import ServiceSettings
from servicekit.storage import DiskStorage
from servicekit.testing.grpc import grpc_serving
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from . import deal_stages

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
# Not `pipeline`: a `stack` in the same session runs a relay and consumer on that one.
SCHEMA = "pipeline_it"


@pytest.fixture(scope="session")
async def sessions(infra: Any) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, SCHEMA)
    engine = create_engine(infra.database_url, SCHEMA, pool_size=10)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
async def deps(sessions: async_sessionmaker[AsyncSession]) -> Deps:
    deal_stages.use(sessions)
    return Deps(sessions=sessions)


@pytest.fixture(scope="session")
async def stub(deps: Deps) -> AsyncIterator[pipeline_pb2_grpc.PipelineServiceStub]:
    def register(server: grpc.aio.Server) -> list[str]:
        pipeline_pb2_grpc.add_PipelineServiceServicer_to_server(PipelineServicer(deps), server)
        return [SERVICE_NAME]

    settings = ServiceSettings(demo=True, service_name="pipeline")
    async with grpc_serving(settings, register) as addr, \
            grpc.aio.insecure_channel(addr) as channel:
        yield pipeline_pb2_grpc.PipelineServiceStub(channel)


# ---- field work: the same service with its photo store in a temporary folder ----

@pytest.fixture(scope="session")
def photo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("photos")


@pytest.fixture(scope="session")
async def field(sessions: async_sessionmaker[AsyncSession],
                photo_dir: Path) -> AsyncIterator[pipeline_pb2_grpc.PipelineServiceStub]:
    deps = Deps(sessions=sessions, photos=DiskStorage(photo_dir))

    def register(server: grpc.aio.Server) -> list[str]:
        pipeline_pb2_grpc.add_PipelineServiceServicer_to_server(PipelineServicer(deps), server)
        return [SERVICE_NAME]

    async with grpc_serving(ServiceSettings(demo=True, service_name="pipeline"), register) \
            as addr, grpc.aio.insecure_channel(addr) as channel:
        yield pipeline_pb2_grpc.PipelineServiceStub(channel)
