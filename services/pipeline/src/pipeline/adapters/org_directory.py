"""The gateway's OrgDirectory as the pipeline needs it: who approves (region managers,
named users) and to whom an approver reports (servicekit.orgdir does the calling)."""

from __future__ import annotations

from salesos.org.v1 import org_pb2
from servicekit.orgdir import OrgCaller, OrgUnavailable

from pipeline.domain.approval_matrix import Person

__all__ = ["OrgClient", "OrgUnavailable"]


class OrgClient(OrgCaller):
    def __init__(self, addr: str, *, jwt_secret: str, timeout_seconds: float = 2.0,
                 cache_seconds: float = 5.0) -> None:
        super().__init__(addr, jwt_secret=jwt_secret, source="pipeline",
                         timeout_seconds=timeout_seconds, cache_seconds=cache_seconds)

    async def people(self) -> list[Person]:
        found = await self.call("ListUsers", org_pb2.ListUsersRequest())
        return [Person(u.id, u.username, u.role, u.region_id, u.manager_id, u.active,
                       tuple(u.managed_region_ids), u.display_name) for u in found.users]

    async def person(self, user_id: str) -> Person | None:
        return next((p for p in await self.people() if p.id == user_id), None)
