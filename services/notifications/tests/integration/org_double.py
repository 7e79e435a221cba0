"""A small real gRPC OrgDirectory standing in for the gateway's: fixed people, roles and
reporting lines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import grpc
from salesos.org.v1 import org_pb2, org_pb2_grpc


@dataclass
class OrgDouble(org_pb2_grpc.OrgDirectoryServicer):
    users: dict[str, org_pb2.User] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # intake source -> display name

    def add(self, user_id: str, role: str, *, manager_id: str = "",
            active: bool = True, managed: tuple[str, ...] = ()) -> str:
        self.users[user_id] = org_pb2.User(id=user_id, username=user_id, role=role,
                                           manager_id=manager_id, active=active,
                                           managed_region_ids=managed)
        return user_id

    async def GetUser(self, request: Any, context: Any) -> org_pb2.User:
        if request.user_id not in self.users:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such user")
        return self.users[request.user_id]

    async def ListUsers(self, request: Any, context: Any) -> org_pb2.ListUsersResponse:
        return org_pb2.ListUsersResponse(users=[
            u for u in self.users.values()
            if (not request.role or u.role == request.role)
            and (u.active or request.include_inactive)])

    async def ListIntakeSources(self, request: Any,
                                context: Any) -> org_pb2.ListIntakeSourcesResponse:
        return org_pb2.ListIntakeSourcesResponse(sources=[
            org_pb2.IntakeSource(name=name, display_name=shown, active=True)
            for name, shown in self.sources.items()])


@asynccontextmanager
async def serving_org() -> AsyncIterator[tuple[OrgDouble, str]]:
    double = OrgDouble()
    server = grpc.aio.server()
    org_pb2_grpc.add_OrgDirectoryServicer_to_server(double, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        yield double, f"127.0.0.1:{port}"
    finally:
        await server.stop(grace=None)
