"""The reps of the demo company, asked of the gateway's OrgDirectory (the gateway owns
people): each with their home region and that region's provinces."""

from __future__ import annotations

from salesos.org.v1 import org_pb2
from servicekit.orgdir import OrgCaller

from pipeline.domain.demo_history import Rep


async def demo_reps(addr: str, *, jwt_secret: str, deadline: float = 10.0) -> list[Rep]:
    org = OrgCaller(addr, jwt_secret=jwt_secret, source="pipeline", timeout_seconds=deadline)
    try:
        regions = await org.call("ListRegions", org_pb2.ListRegionsRequest())
        users = await org.call("ListUsers", org_pb2.ListUsersRequest(role="rep"))
    finally:
        await org.close()
    provinces = {r.id: tuple(r.provinces) for r in regions.regions}
    return sorted((Rep(u.id, u.username, u.region_id, provinces.get(u.region_id, ()))
                   for u in users.users if u.active), key=lambda r: r.username)
