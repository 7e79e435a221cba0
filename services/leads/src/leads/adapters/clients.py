"""The gateway's OrgDirectory, as the leads service needs it: regions and who works there.
A directory that cannot answer now raises servicekit.orgdir.OrgUnavailable."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import grpc
from salesos.org.v1 import org_pb2
from servicekit.orgdir import OrgCaller

from leads.domain.assignment import Candidate


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
    display_name: str = ""

    @property
    def is_active_rep(self) -> bool:
        return self.active and self.role == "rep"


class OrgDirectoryClient(OrgCaller):
    """servicekit.orgdir's caller (service token, deadline, a short cache: assigning a
    burst of leads asks the same questions once; a rep deactivated in the gateway stops
    receiving leads at most `cache_seconds` later), answering in leads' own terms."""

    def __init__(self, addr: str, *, jwt_secret: str, timeout_seconds: float = 2.0,
                 cache_seconds: float = 5.0) -> None:
        super().__init__(addr, jwt_secret=jwt_secret, source="leads",
                         timeout_seconds=timeout_seconds, cache_seconds=cache_seconds)

    async def resolve_region(self, province: str) -> Region:
        """The sales region of a province; no province means the default region."""
        if province:
            found = await self.call("ResolveRegion", org_pb2.ResolveRegionRequest(
                province=province))
            return Region(found.id, found.name)
        regions = await self.call("ListRegions", org_pb2.ListRegionsRequest())
        for region in regions.regions:
            if region.is_default:
                return Region(region.id, region.name)
        raise LookupError("the org directory has no default region")

    async def region_by_id(self, region_id: str) -> Region | None:
        """The region of that id as the directory names it now; None when it has none."""
        regions = await self.call("ListRegions", org_pb2.ListRegionsRequest())
        found = next((r for r in regions.regions if r.id == region_id), None)
        return Region(found.id, found.name) if found is not None else None

    async def active_reps(self, region_id: str) -> list[Candidate]:
        found = await self.call("ListUsers", org_pb2.ListUsersRequest(
            role="rep", region_id=region_id))
        return [Candidate(u.id, u.username, u.display_name) for u in found.users
                if u.active and u.role == "rep" and u.region_id == region_id]

    async def people_of(self, region_ids: Collection[str]) -> set[str]:
        """Everyone whose home region is one of these, deactivated people included: what
        they did in the region (an import) stays the region's."""
        people: set[str] = set()
        for region_id in sorted(set(region_ids)):
            found = await self.call("ListUsers", org_pb2.ListUsersRequest(
                region_id=region_id, include_inactive=True))
            people |= {u.id for u in found.users if u.region_id == region_id}
        return people

    async def managers_of(self, region_id: str) -> list[Candidate]:
        """Managers whose home region or managed regions include the region."""
        return [Candidate(u.id, u.username, u.display_name)
                for u in await self.region_managers(region_id)]

    async def reps_among(self, user_ids: Collection[str], *,
                         fresh: bool = False) -> list[Candidate]:
        """The active reps among these ids (a team's members), wherever their region;
        `fresh`: asked again rather than from the cache (a rep hired a moment ago)."""
        request = org_pb2.ListUsersRequest(role="rep")
        if fresh:
            self._cache.pop(("ListUsers", request.SerializeToString(deterministic=True)), None)
        found = await self.call("ListUsers", request)
        return [Candidate(u.id, u.username, u.display_name) for u in found.users
                if u.active and u.role == "rep" and u.id in user_ids]

    async def get_user(self, user_id: str) -> OrgUser | None:
        try:
            u = await self.call("GetUser", org_pb2.GetUserRequest(user_id=user_id))
        except grpc.aio.AioRpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                return None
            raise
        return OrgUser(u.id, u.username, u.role, u.region_id, u.manager_id, u.active,
                       u.display_name)

    async def intake_sources(self) -> dict[str, str]:
        """Every intake source the gateway knows (retired ones too): name -> its name
        for people."""
        found = await self.call("ListIntakeSources", org_pb2.ListIntakeSourcesRequest())
        return {s.name: s.display_name for s in found.sources}

    async def region_ids(self, *, fresh: bool = False) -> set[str]:
        """Every region's id; `fresh`: asked again rather than from the cache (a region an
        admin opened a moment ago, named by a rule)."""
        request = org_pb2.ListRegionsRequest()
        if fresh:
            self._cache.pop(("ListRegions", request.SerializeToString(deterministic=True)), None)
        regions = await self.call("ListRegions", request)
        return {region.id for region in regions.regions}

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
