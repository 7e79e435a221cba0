"""Real PostgreSQL (servicekit's `infra`) migrated into a schema of the tests' own, a real
IncentiveService gRPC server with the standard interceptors, a fixed roster standing in
for the gateway's directory, and a clock the tests move."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import grpc
import pytest
from incentives.adapters.org import Member, StaticDirectory
from incentives.adapters.orm import calendar_days
from incentives.domain.periods import SHANGHAI
from incentives.entrypoints.grpc_server import SERVICE_NAME, IncentiveServicer
from incentives.service_layer.deps import Deps
from salesos.incentives.v1 import incentives_pb2_grpc
from servicekit.db import create_engine, session_factory
from servicekit.migrations import upgrade_head
from servicekit.settings import ServiceSettings
from servicekit.testing.grpc import grpc_serving
from servicekit.workcal.loader import seed_calendar
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
# Not `incentives`: a `stack` in the same session runs a relay and consumers on that one.
SCHEMA = "incentives_it"
EAST, SOUTH = "region-east", "region-south"


def roster() -> list[Member]:
    people = [Member("mgr-e", "mgr-east", "李明", "manager", EAST, "director", True),
              Member("mgr-s", "mgr-south", "张伟", "manager", SOUTH, "director", True)]
    for i in range(1, 13):
        region, boss = (EAST, "mgr-e") if i <= 6 else (SOUTH, "mgr-s")
        people.append(Member(f"it-rep-{i:02d}", f"rep{i:02d}", f"销售{i:02d}", "rep", region,
                             boss, True))
    people.append(Member("rep-1", "rep-1", "周婷", "rep", EAST, "mgr-e", True))
    return people


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 27, 12, tzinfo=SHANGHAI)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
async def sessions(infra: Any) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, SCHEMA)
    engine = create_engine(infra.database_url, SCHEMA, pool_size=10)
    sessions = session_factory(engine)
    await seed_calendar(sessions, calendar_days)
    yield sessions
    await engine.dispose()


@pytest.fixture(scope="session")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
async def deps(sessions: async_sessionmaker[AsyncSession], clock: Clock) -> Deps:
    regions = {EAST: "华东", SOUTH: "华南"}
    return Deps(sessions=sessions, org=StaticDirectory(roster(), regions), clock=clock,
                survey_link="https://salesos.example.cn/s/{token}")


@pytest.fixture(scope="session")
async def stub(deps: Deps) -> AsyncIterator[incentives_pb2_grpc.IncentiveServiceStub]:
    def register(server: grpc.aio.Server) -> list[str]:
        incentives_pb2_grpc.add_IncentiveServiceServicer_to_server(IncentiveServicer(deps),
                                                                   server)
        return [SERVICE_NAME]

    settings = ServiceSettings(demo=True, service_name="incentives")
    async with grpc_serving(settings, register) as addr, \
            grpc.aio.insecure_channel(addr) as channel:
        yield incentives_pb2_grpc.IncentiveServiceStub(channel)
