"""The gateway's OrgDirectory, as the leads service needs it: regions and who works there."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import Message
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.auth import bearer_metadata, issue_token, service_principal
from servicekit.grpcclient import insecure_channel

from leads.domain.assignment import Candidate

# Codes that mean "try again shortly", as opposed to a bug or a misconfiguration.
_TRANSIENT = {
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.ABORTED,
}


class OrgDirectoryUnavailable(Exception):
    """The org directory could not answer now; the caller should retry later."""


@dataclass(frozen=True)
class Region:
    id: str
    name: str


@dataclass(frozen=True)
class OrgUser:
    id: str
    username: str
    role: str
    region_id: str
    manager_id: str
    active: bool

    @property
    def is_active_rep(self) -> bool:
        return self.active and self.role == "rep"


class OrgDirectoryClient:
    """A service-token gRPC client with a deadline on every call."""

    def __init__(self, addr: str, *, jwt_secret: str, timeout_seconds: float = 2.0,
                 token_ttl_seconds: int = 3600, cache_seconds: float = 5.0) -> None:
        self._addr, self._secret = addr, jwt_secret
        self._timeout, self._ttl = timeout_seconds, token_ttl_seconds
        self._channel: grpc.aio.Channel | None = None
        self._token, self._token_expires = "", 0.0
        # Regions and rosters change a few times a day; assigning a burst of leads should
        # not ask the gateway the same two questions for each one. A rep deactivated in
        # the gateway stops receiving leads at most `cache_seconds` later.
        self._cache_seconds = cache_seconds
        self._cache: dict[tuple[str, bytes], tuple[float, Any]] = {}

    def _stub(self) -> org_pb2_grpc.OrgDirectoryStub:
        # Created lazily so the channel binds to the running event loop.
        if self._channel is None:
            self._channel = insecure_channel(self._addr)
        return org_pb2_grpc.OrgDirectoryStub(self._channel)

    def _metadata(self) -> tuple[tuple[str, str], ...]:
        if time.monotonic() >= self._token_expires:
            self._token = issue_token(service_principal("leads"), self._secret, self._ttl)
            self._token_expires = time.monotonic() + self._ttl / 2
        return bearer_metadata(self._token)

    async def _call(self, method: str, request: Message) -> Any:
        key = (method, request.SerializeToString(deterministic=True))
        cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        rpc = getattr(self._stub(), method)
        try:
            answer = await rpc(request, timeout=self._timeout, metadata=self._metadata())
        except grpc.aio.AioRpcError as error:
            if error.code() in _TRANSIENT:
                raise OrgDirectoryUnavailable(f"{method}: {error.code().name}") from error
            raise
        if self._cache_seconds > 0:
            self._cache[key] = (time.monotonic() + self._cache_seconds, answer)
        return answer

    async def resolve_region(self, province: str) -> Region:
        """The sales region of a province; no province means the default region."""
        if province:
            found = await self._call("ResolveRegion", org_pb2.ResolveRegionRequest(
                province=province))
            return Region(found.id, found.name)
        regions = await self._call("ListRegions", org_pb2.ListRegionsRequest())
        for region in regions.regions:
            if region.is_default:
                return Region(region.id, region.name)
        raise LookupError("the org directory has no default region")

    async def active_reps(self, region_id: str) -> list[Candidate]:
        found = await self._call("ListUsers", org_pb2.ListUsersRequest(
            role="rep", region_id=region_id))
        return [Candidate(u.id, u.username) for u in found.users
                if u.active and u.role == "rep" and u.region_id == region_id]

    async def people_of(self, region_ids: Collection[str]) -> set[str]:
        """Everyone whose home region is one of these, deactivated people included: what
        they did in the region (an import) stays the region's."""
        people: set[str] = set()
        for region_id in sorted(set(region_ids)):
            found = await self._call("ListUsers", org_pb2.ListUsersRequest(
                region_id=region_id, include_inactive=True))
            people |= {u.id for u in found.users if u.region_id == region_id}
        return people

    async def managers_of(self, region_id: str) -> list[Candidate]:
        """Managers whose home region or managed regions include the region."""
        found = await self._call("ListUsers", org_pb2.ListUsersRequest(role="manager"))
        return [Candidate(u.id, u.username) for u in found.users
                if u.active and u.role == "manager"
                and (u.region_id == region_id or region_id in u.managed_region_ids)]

    async def reps_among(self, user_ids: Collection[str]) -> list[Candidate]:
        """The active reps among these ids (a team's members), wherever their region."""
        found = await self._call("ListUsers", org_pb2.ListUsersRequest(role="rep"))
        return [Candidate(u.id, u.username) for u in found.users
                if u.active and u.role == "rep" and u.id in user_ids]

    async def get_user(self, user_id: str) -> OrgUser | None:
        try:
            u = await self._call("GetUser", org_pb2.GetUserRequest(user_id=user_id))
        except grpc.aio.AioRpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                return None
            raise
        return OrgUser(u.id, u.username, u.role, u.region_id, u.manager_id, u.active)

    async def region_ids(self) -> set[str]:
        regions = await self._call("ListRegions", org_pb2.ListRegionsRequest())
        return {region.id for region in regions.regions}

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
