"""The gateway's OrgDirectory, for recipients that are roles or reporting lines
(servicekit.orgdir does the calling). A directory that is down raises OrgUnavailable, a
TransientError: the consumer retries the event later without counting it toward the
dead letter."""

from __future__ import annotations

from salesos.org.v1 import org_pb2
from servicekit.orgdir import OrgCaller


class OrgDirectory(OrgCaller):
    def __init__(self, addr: str, *, jwt_secret: str, timeout_seconds: float = 3.0,
                 cache_seconds: float = 10.0) -> None:
        super().__init__(addr, jwt_secret=jwt_secret, source="notifications",
                         timeout_seconds=timeout_seconds, cache_seconds=cache_seconds)

    async def users_with_role(self, role: str) -> list[str]:
        found = await self.call("ListUsers", org_pb2.ListUsersRequest(role=role))
        return [u.id for u in found.users if u.active and u.role == role]

    async def managers_of_region(self, region_id: str) -> list[str]:
        return [u.id for u in await self.region_managers(region_id)]

    async def manager_of(self, user_id: str) -> str:
        """The user's reporting-line manager; empty when unknown or none."""
        user = await self.call_or_none("GetUser", org_pb2.GetUserRequest(user_id=user_id))
        return str(user.manager_id) if user is not None else ""

    async def display_name(self, user_id: str) -> str:
        """How people see a colleague's name; the id itself when the directory has none."""
        user = await self.call_or_none("GetUser", org_pb2.GetUserRequest(user_id=user_id))
        if user is None:
            return user_id
        return str(user.display_name or user.username or user_id)

    async def source_name(self, source: str) -> str:
        """The name an intake source goes by (2026 工博会扫码); empty when the directory has
        none for it (manual, import, a partner's own)."""
        found = await self.call("ListIntakeSources", org_pb2.ListIntakeSourcesRequest())
        return next((str(s.display_name) for s in found.sources if s.name == source), "")
