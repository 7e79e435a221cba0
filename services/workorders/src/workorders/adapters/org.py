"""The gateway's OrgDirectory, as work orders need it: departments with their supervisor,
a person's manager and region, the director. Service token, deadline on every call."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import Message
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.auth import bearer_metadata, issue_token, service_principal

_TRANSIENT = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
              grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.ABORTED}


class OrgUnavailable(ConnectionError):
    """The directory cannot answer now. A ConnectionError, so servicekit answers 503 /
    naks the event for a later retry instead of dead-lettering it."""


@dataclass(frozen=True)
class Department:
    id: str
    code: str
    name: str
    supervisor_id: str


@dataclass(frozen=True)
class Person:
    id: str
    role: str
    region_id: str
    manager_id: str
    department_id: str
    active: bool


class OrgClient:
    def __init__(self, addr: str, *, jwt_secret: str, timeout_seconds: float = 2.0,
                 cache_seconds: float = 5.0) -> None:
        self._addr, self._secret, self._timeout = addr, jwt_secret, timeout_seconds
        self._channel: grpc.aio.Channel | None = None
        self._token, self._token_until = "", 0.0
        self._ttl = cache_seconds
        self._cache: dict[tuple[str, bytes], tuple[float, Any]] = {}

    async def _call(self, method: str, request: Message) -> Any:
        key = (method, request.SerializeToString(deterministic=True))
        cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        if self._channel is None:  # lazily, on the running loop
            self._channel = grpc.aio.insecure_channel(self._addr)
        if time.monotonic() >= self._token_until:
            self._token = issue_token(service_principal("workorders"), self._secret, 3600)
            self._token_until = time.monotonic() + 1800
        rpc = getattr(org_pb2_grpc.OrgDirectoryStub(self._channel), method)
        try:
            answer = await rpc(request, timeout=self._timeout,
                               metadata=bearer_metadata(self._token))
        except grpc.aio.AioRpcError as error:
            if error.code() in _TRANSIENT:
                raise OrgUnavailable(f"org directory {method}: {error.code().name}") from error
            raise
        self._cache[key] = (time.monotonic() + self._ttl, answer)
        return answer

    async def departments(self) -> dict[str, Department]:
        found = await self._call("ListDepartments", org_pb2.ListDepartmentsRequest())
        return {d.code: Department(d.id, d.code, d.name, d.supervisor_id)
                for d in found.departments}

    async def person(self, user_id: str) -> Person | None:
        try:
            u = await self._call("GetUser", org_pb2.GetUserRequest(user_id=user_id))
        except grpc.aio.AioRpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                return None
            raise
        return Person(u.id, u.role, u.region_id, u.manager_id, u.department_id, u.active)

    async def director_id(self, supervisor_id: str = "") -> str:
        """Level 3 of a department's chain: the director its supervisor reports to, else
        the first director (a company may have several: GM, VP, sales director)."""
        boss = await self.person(supervisor_id) if supervisor_id else None
        above = await self.person(boss.manager_id) if boss and boss.manager_id else None
        if above is not None and above.role == "director" and above.active:
            return above.id
        found = await self._call("ListUsers", org_pb2.ListUsersRequest(role="director"))
        return found.users[0].id if found.users else ""

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
