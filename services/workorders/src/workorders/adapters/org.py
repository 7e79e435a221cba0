"""The gateway's OrgDirectory, as work orders need it: departments with their supervisor,
a person's manager and region, the director (servicekit.orgdir does the calling)."""

from __future__ import annotations

from dataclasses import dataclass

from salesos.org.v1 import org_pb2
from servicekit.orgdir import OrgCaller


@dataclass(frozen=True)
class Department:
    id: str
    code: str
    name: str
    supervisor_id: str
    retired: bool = False
    sales: bool = False  # a sales department (销售部门): it takes no work orders


def is_sales(d: org_pb2.Department) -> bool:
    """The directory's `kind` says, whatever the code; a directory from before kinds
    (a rolling upgrade) says nothing, and then only the code `sales` was one."""
    return d.kind == "sales" or (not d.kind and d.code == "sales")


@dataclass(frozen=True)
class Person:
    id: str
    role: str
    region_id: str
    manager_id: str
    department_id: str
    active: bool
    display_name: str = ""
    username: str = ""


class OrgClient(OrgCaller):
    def __init__(self, addr: str, *, jwt_secret: str, timeout_seconds: float = 2.0,
                 cache_seconds: float = 5.0) -> None:
        super().__init__(addr, jwt_secret=jwt_secret, source="workorders",
                         timeout_seconds=timeout_seconds, cache_seconds=cache_seconds)

    async def departments(self) -> dict[str, Department]:
        found = await self.call("ListDepartments", org_pb2.ListDepartmentsRequest())
        return {d.code: Department(d.id, d.code, d.name, d.supervisor_id, d.retired,
                                   is_sales(d))
                for d in found.departments}

    async def department(self, code: str) -> Department | None:
        """The department of that code; one the cached list lacks is asked for again, once:
        an admin may have just created it (its first order was refused for up to 5 s)."""
        found = (await self.departments()).get(code)
        if found is None:
            self._cache.pop(("ListDepartments", b""), None)
            found = (await self.departments()).get(code)
        return found

    async def person(self, user_id: str) -> Person | None:
        u = await self.call_or_none("GetUser", org_pb2.GetUserRequest(user_id=user_id))
        if u is None:
            return None
        return Person(u.id, u.role, u.region_id, u.manager_id, u.department_id, u.active,
                      u.display_name, u.username)

    async def director_id(self, supervisor_id: str = "") -> str:
        """Level 3 of a department's chain: the director its supervisor reports to, else
        the first director (a company may have several: GM, VP, sales director)."""
        boss = await self.person(supervisor_id) if supervisor_id else None
        above = await self.person(boss.manager_id) if boss and boss.manager_id else None
        if above is not None and above.role == "director" and above.active:
            return above.id
        found = await self.call("ListUsers", org_pb2.ListUsersRequest(role="director"))
        return found.users[0].id if found.users else ""

