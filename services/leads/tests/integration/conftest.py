"""Real PostgreSQL (the `infra` fixture), a real LeadService gRPC server with the standard
interceptors, and a small real gRPC OrgDirectory standing in for the gateway."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import pytest
from leads.adapters.clients import OrgDirectoryClient
from leads.entrypoints.grpc_server import SERVICE_NAME, LeadServicer
from leads.service_layer.handlers import Deps
from salesos.leads.v1 import leads_pb2_grpc
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.auth import InvalidToken, decode_token
from servicekit.db import create_engine, session_factory
from servicekit.migrations import upgrade_head
from servicekit.settings import DEMO_JWT_SECRET, ServiceSettings
from servicekit.testing.grpc import grpc_serving
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
# A schema of the tests' own: a `stack` running in the same session (e2e tests) has a
# relay and an assigner on the real `leads` schema that would otherwise race these tests.
SCHEMA = "leads_it"


@dataclass
class OrgDouble(org_pb2_grpc.OrgDirectoryServicer):
    """The gateway's OrgDirectory reduced to fixed data; it checks the caller's token
    like the real one, so the client's service token is exercised too."""

    regions: dict[str, org_pb2.Region] = field(default_factory=dict)  # province -> region
    users: list[org_pb2.User] = field(default_factory=list)
    calls: list[tuple[str, str]] = field(default_factory=list)

    def add_region(self, name: str, provinces: list[str]) -> org_pb2.Region:
        region = org_pb2.Region(id=f"region-{uuid.uuid4()}", code="test", name=name,
                                provinces=provinces)
        for province in provinces:
            self.regions[province] = region
        return region

    def add_user(self, region: org_pb2.Region, role: str, username: str, *,
                 active: bool = True, manager_id: str = "",
                 managed: tuple[str, ...] = (), display_name: str = "") -> org_pb2.User:
        user = org_pb2.User(id=f"{region.id}-{username}", username=username, role=role,
                            region_id=region.id, active=active, manager_id=manager_id,
                            managed_region_ids=managed, display_name=display_name)
        self.users.append(user)
        return user

    async def _authorise(self, context: grpc.aio.ServicerContext) -> None:
        metadata = dict(context.invocation_metadata() or ())
        try:
            principal = decode_token(str(metadata.get("authorization", ""))[7:], DEMO_JWT_SECRET)
        except InvalidToken:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid token")
        if principal.role != "service":
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, "services only")

    async def ResolveRegion(self, request: Any, context: Any) -> org_pb2.Region:
        await self._authorise(context)
        self.calls.append(("ResolveRegion", request.province))
        if request.province not in self.regions:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such province")
        return self.regions[request.province]

    async def GetUser(self, request: Any, context: Any) -> org_pb2.User:
        await self._authorise(context)
        self.calls.append(("GetUser", request.user_id))
        for user in self.users:
            if user.id == request.user_id:
                return user
        await context.abort(grpc.StatusCode.NOT_FOUND, "no such user")

    async def ListRegions(self, request: Any, context: Any) -> org_pb2.ListRegionsResponse:
        await self._authorise(context)
        unique = {region.id: region for region in self.regions.values()}
        return org_pb2.ListRegionsResponse(regions=list(unique.values()))

    async def ListIntakeSources(self, request: Any, context: Any
                                ) -> org_pb2.ListIntakeSourcesResponse:
        await self._authorise(context)
        return org_pb2.ListIntakeSourcesResponse(sources=[
            org_pb2.IntakeSource(name="web_form", display_name="官网表单", active=True),
            org_pb2.IntakeSource(name="trade_show", display_name="展会扫码", active=True)])

    async def ListUsers(self, request: Any, context: Any) -> org_pb2.ListUsersResponse:
        await self._authorise(context)
        self.calls.append(("ListUsers", request.region_id))
        found = [u for u in self.users
                 if (not request.role or u.role == request.role)
                 and (not request.region_id or u.region_id == request.region_id)
                 and (u.active or request.include_inactive)]
        return org_pb2.ListUsersResponse(users=found)


@pytest.fixture(scope="session")
async def sessions(infra: Any) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, SCHEMA)
    engine = create_engine(infra.database_url, SCHEMA, pool_size=20)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
async def org() -> AsyncIterator[tuple[OrgDouble, str]]:
    double = OrgDouble()
    server = grpc.aio.server()
    org_pb2_grpc.add_OrgDirectoryServicer_to_server(double, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    yield double, f"127.0.0.1:{port}"
    await server.stop(grace=None)


@pytest.fixture(scope="session")
async def deps(sessions: async_sessionmaker[AsyncSession],
               org: tuple[OrgDouble, str]) -> AsyncIterator[Deps]:
    # No cache: these tests change the roster between leads and expect it seen at once.
    client = OrgDirectoryClient(org[1], jwt_secret=DEMO_JWT_SECRET, timeout_seconds=2.0,
                                cache_seconds=0)
    yield Deps(sessions=sessions, org=client)
    await client.close()


@pytest.fixture(scope="session")
async def leads_stub(deps: Deps) -> AsyncIterator[leads_pb2_grpc.LeadServiceStub]:
    def register(server: grpc.aio.Server) -> list[str]:
        leads_pb2_grpc.add_LeadServiceServicer_to_server(LeadServicer(deps), server)
        return [SERVICE_NAME]

    settings = ServiceSettings(demo=True, service_name="leads")
    async with grpc_serving(settings, register) as addr, \
            grpc.aio.insecure_channel(addr) as channel:
        yield leads_pb2_grpc.LeadServiceStub(channel)
