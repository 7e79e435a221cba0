"""The gateway's OrgDirectory as incentives needs it: who the reps are, their region and
their team (a rep's team is their manager's: the reporting line is the org's only team
structure visible to every service). Answers are cached briefly; an unreachable directory
is UNAVAILABLE to the caller (→ 503 at the gateway)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import grpc
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.auth import bearer_metadata, issue_token, service_principal
from servicekit.errors import ServiceError


class OrgUnavailable(ServiceError):
    code = grpc.StatusCode.UNAVAILABLE


@dataclass(frozen=True)
class Member:
    id: str
    username: str
    display_name: str
    role: str
    region_id: str
    team_id: str        # the manager's id
    active: bool


class OrgDirectory:
    def __init__(self, addr: str, *, jwt_secret: str, timeout: float = 3.0,
                 cache_seconds: float = 30.0) -> None:
        self._addr, self._secret, self._timeout = addr, jwt_secret, timeout
        self._cache_seconds = cache_seconds
        self._channel: grpc.aio.Channel | None = None
        self._token, self._token_until = "", 0.0
        self._people: tuple[float, list[Member]] | None = None
        self._regions: tuple[float, dict[str, str]] | None = None

    def _metadata(self) -> tuple[tuple[str, str], ...]:
        if time.monotonic() >= self._token_until:
            self._token = issue_token(service_principal("incentives"), self._secret, 3600)
            self._token_until = time.monotonic() + 1800
        return bearer_metadata(self._token)

    def _stub(self) -> org_pb2_grpc.OrgDirectoryStub:
        if self._channel is None:  # bound to the running loop on first use
            self._channel = grpc.aio.insecure_channel(self._addr)
        return org_pb2_grpc.OrgDirectoryStub(self._channel)

    async def people(self) -> list[Member]:
        if self._people is not None and self._people[0] > time.monotonic():
            return self._people[1]
        try:
            found = await self._stub().ListUsers(
                org_pb2.ListUsersRequest(include_inactive=True),
                timeout=self._timeout, metadata=self._metadata())
        except grpc.aio.AioRpcError as error:
            raise OrgUnavailable(f"组织目录暂时不可用（{error.code().name}）") from error
        members = [Member(u.id, u.username, u.display_name, u.role, u.region_id,
                          u.manager_id, u.active) for u in found.users]
        self._people = (time.monotonic() + self._cache_seconds, members)
        return members

    async def reps(self) -> list[Member]:
        return [m for m in await self.people() if m.role == "rep" and m.active]

    async def region_names(self) -> dict[str, str]:
        """Region id → zh-CN name (华东), for score labels."""
        if self._regions is not None and self._regions[0] > time.monotonic():
            return self._regions[1]
        try:
            found = await self._stub().ListRegions(
                org_pb2.ListRegionsRequest(), timeout=self._timeout, metadata=self._metadata())
        except grpc.aio.AioRpcError as error:
            raise OrgUnavailable(f"组织目录暂时不可用（{error.code().name}）") from error
        names = {r.id: r.name for r in found.regions}
        self._regions = (time.monotonic() + self._cache_seconds, names)
        return names

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None


class StaticDirectory:
    """A fixed roster: tests and the demo seed, which knows the people it seeds."""

    def __init__(self, members: list[Member], regions: dict[str, str] | None = None) -> None:
        self.members, self.regions = members, regions or {}

    async def people(self) -> list[Member]:
        return self.members

    async def reps(self) -> list[Member]:
        return [m for m in self.members if m.role == "rep" and m.active]

    async def region_names(self) -> dict[str, str]:
        return self.regions

    async def close(self) -> None:
        return None
