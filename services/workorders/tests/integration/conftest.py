"""Real PostgreSQL (servicekit's `infra`) migrated into a schema of the tests' own, an
OrgDirectory double over real gRPC (it checks the service token like the gateway), and a
real WorkOrderService gRPC server with the standard interceptors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
import pytest
from salesos.org.v1 import org_pb2, org_pb2_grpc
from salesos.workorders.v1 import workorders_pb2_grpc
from servicekit.auth import InvalidToken, Principal, bearer_metadata, decode_token, issue_token
from servicekit.db import create_engine, session_factory
from servicekit.migrations import upgrade_head
from servicekit.settings import DEMO_JWT_SECRET, ServiceSettings
from servicekit.storage import DiskStorage
from servicekit.testing.grpc import grpc_serving
from servicekit.workcal.loader import seed_calendar
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from workorders.adapters.org import OrgClient
from workorders.adapters.orm import calendar_days
from workorders.entrypoints.grpc_server import SERVICE_NAME, WorkOrderServicer
from workorders.service_layer.deps import Deps

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
# Not `workorders`: a `stack` in the same session runs a relay, consumer and clocks there.
SCHEMA = "workorders_it"
ENG, FIN = "dept-eng", "dept-fin"
NAMES = {"eng2": "孙工"}


@dataclass
class OrgDouble(org_pb2_grpc.OrgDirectoryServicer):
    users: dict[str, org_pb2.User] = field(default_factory=dict)
    # Each department's supervisor as ListDepartments answers (a test may change one).
    supervisors: dict[str, str] = field(
        default_factory=lambda: {ENG: "eng-lead", FIN: "fin1"})
    retired: set[str] = field(default_factory=set)  # department ids an admin retired
    # Departments a test adds of its own (code -> name), e.g. to count its orders apart.
    more: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # code -> kind of those; "": unsaid

    def __post_init__(self) -> None:
        for uid, role, dept, manager, region in (
                ("director", "director", "", "", ""),
                ("mgr-east", "manager", "dept-sales", "director", "east"),
                ("rep1", "rep", "dept-sales", "mgr-east", "east"),
                ("rep2", "rep", "dept-sales", "mgr-east", "east"),
                ("eng-lead", "engineer", ENG, "director", ""),
                ("eng1", "engineer", ENG, "eng-lead", ""),
                ("eng2", "engineer", ENG, "eng-lead", ""),
                ("fin1", "finance", FIN, "director", "")):
            self.users[uid] = org_pb2.User(id=uid, username=uid, role=role, region_id=region,
                                           department_id=dept, manager_id=manager,
                                           active=True, display_name=NAMES.get(uid, ""))

    async def _authorise(self, context: Any) -> None:
        metadata = dict(context.invocation_metadata() or ())
        try:
            principal = decode_token(str(metadata.get("authorization", ""))[7:],
                                     DEMO_JWT_SECRET)
        except InvalidToken:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid token")
        if principal.role != "service":
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, "services only")

    async def GetUser(self, request: Any, context: Any) -> org_pb2.User:
        await self._authorise(context)
        if request.user_id not in self.users:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such user")
        return self.users[request.user_id]

    async def ListUsers(self, request: Any, context: Any) -> org_pb2.ListUsersResponse:
        await self._authorise(context)
        return org_pb2.ListUsersResponse(users=[
            u for u in self.users.values() if (not request.role or u.role == request.role)
            and (u.active or request.include_inactive)])

    async def ListDepartments(self, request: Any,
                              context: Any) -> org_pb2.ListDepartmentsResponse:
        await self._authorise(context)
        return org_pb2.ListDepartmentsResponse(departments=[
            org_pb2.Department(id=ENG, code="engineering", name="技术部",
                               supervisor_id=self.supervisors[ENG],
                               retired=ENG in self.retired),
            org_pb2.Department(id=FIN, code="finance", name="财务部",
                               supervisor_id=self.supervisors[FIN],
                               retired=FIN in self.retired),
            *(org_pb2.Department(id=f"dept-{code}", code=code, name=name,
                                 kind=self.kinds.get(code, ""))
              for code, name in self.more.items())])


class Clock:
    """A settable clock, so clocks and deadlines can be tested without waiting."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now or datetime.now(UTC)


@pytest.fixture(scope="session")
async def sessions(infra: Any) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, SCHEMA)
    engine = create_engine(infra.database_url, SCHEMA, pool_size=10)
    made = session_factory(engine)
    await seed_calendar(made, calendar_days)  # as the service does at start
    yield made
    await engine.dispose()


@pytest.fixture(scope="session")
def org() -> OrgDouble:
    """The directory's people: a test may add its own (a leaver, their successor)."""
    return OrgDouble()


@pytest.fixture(scope="session")
async def org_addr(org: OrgDouble) -> AsyncIterator[str]:
    server = grpc.aio.server()
    org_pb2_grpc.add_OrgDirectoryServicer_to_server(org, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    yield f"127.0.0.1:{port}"
    await server.stop(grace=None)


@pytest.fixture(scope="session")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
async def deps(sessions: async_sessionmaker[AsyncSession], org_addr: str, clock: Clock,
               tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Deps]:
    org = OrgClient(org_addr, jwt_secret=DEMO_JWT_SECRET, cache_seconds=0)
    yield Deps(sessions=sessions, org=org, clock=clock,
               storage=DiskStorage(tmp_path_factory.mktemp("attachments")))
    await org.close()


@pytest.fixture(scope="session")
async def stub(deps: Deps) -> AsyncIterator[workorders_pb2_grpc.WorkOrderServiceStub]:
    def register(server: grpc.aio.Server) -> list[str]:
        workorders_pb2_grpc.add_WorkOrderServiceServicer_to_server(WorkOrderServicer(deps),
                                                                   server)
        return [SERVICE_NAME]

    settings = ServiceSettings(demo=True, service_name="workorders")
    async with grpc_serving(settings, register) as addr, \
            grpc.aio.insecure_channel(addr) as channel:
        yield workorders_pb2_grpc.WorkOrderServiceStub(channel)


@pytest.fixture
def as_user() -> Callable[..., tuple[tuple[str, str], ...]]:
    """`as_user("eng1")`: metadata with a real token for that demo person."""
    roles = {"director": "director", "mgr-east": "manager", "rep1": "rep", "rep2": "rep",
             "eng-lead": "engineer", "eng1": "engineer", "eng2": "engineer",
             "fin1": "finance", "admin": "admin"}
    departments = {"eng-lead": ENG, "eng1": ENG, "eng2": ENG, "fin1": FIN}

    def metadata(user_id: str) -> tuple[tuple[str, str], ...]:
        principal = Principal(user_id=user_id, username=user_id, role=roles[user_id],
                              region_ids=("east",) if user_id in ("rep1", "rep2", "mgr-east")
                              else (), department_id=departments.get(user_id))
        return bearer_metadata(issue_token(principal, DEMO_JWT_SECRET))

    return metadata
