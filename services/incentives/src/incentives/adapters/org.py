"""The gateway's OrgDirectory as incentives needs it: who the reps are, their region and
their team (a rep's team is their manager's: the reporting line is the org's only team
structure visible to every service). servicekit.orgdir does the calling: answers cached
briefly, an unreachable directory is OrgUnavailable (UNAVAILABLE → 503 at the gateway)."""

from __future__ import annotations

from dataclasses import dataclass

from salesos.org.v1 import org_pb2
from servicekit.orgdir import OrgCaller, OrgUnavailable

__all__ = ["Member", "OrgDirectory", "OrgUnavailable", "StaticDirectory"]


@dataclass(frozen=True)
class Member:
    id: str
    username: str
    display_name: str
    role: str
    region_id: str
    team_id: str        # the manager's id
    active: bool


class OrgDirectory(OrgCaller):
    def __init__(self, addr: str, *, jwt_secret: str, timeout: float = 3.0,
                 cache_seconds: float = 30.0) -> None:
        super().__init__(addr, jwt_secret=jwt_secret, source="incentives",
                         timeout_seconds=timeout, cache_seconds=cache_seconds)

    async def people(self) -> list[Member]:
        found = await self.call("ListUsers", org_pb2.ListUsersRequest(include_inactive=True))
        return [Member(u.id, u.username, u.display_name, u.role, u.region_id,
                       u.manager_id, u.active) for u in found.users]

    async def reps(self) -> list[Member]:
        return [m for m in await self.people() if m.role == "rep" and m.active]

    async def region_names(self) -> dict[str, str]:
        """Region id → zh-CN name (华东), for score labels."""
        found = await self.call("ListRegions", org_pb2.ListRegionsRequest())
        return {r.id: r.name for r in found.regions}


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
