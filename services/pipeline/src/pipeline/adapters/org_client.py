"""The reps of the demo company, asked of the gateway's OrgDirectory (the gateway owns
people): each with their home region and that region's provinces."""

from __future__ import annotations

import grpc
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.auth import bearer_metadata, issue_token, service_principal

from pipeline.domain.demo_history import Rep


async def demo_reps(addr: str, *, jwt_secret: str, deadline: float = 10.0) -> list[Rep]:
    token = issue_token(service_principal("pipeline"), jwt_secret, ttl_seconds=300)
    async with grpc.aio.insecure_channel(addr) as channel:
        stub = org_pb2_grpc.OrgDirectoryStub(channel)
        meta = bearer_metadata(token)
        regions = await stub.ListRegions(org_pb2.ListRegionsRequest(), timeout=deadline,
                                         metadata=meta)
        users = await stub.ListUsers(org_pb2.ListUsersRequest(role="rep"), timeout=deadline,
                                     metadata=meta)
    provinces = {r.id: tuple(r.provinces) for r in regions.regions}
    return sorted((Rep(u.id, u.username, u.region_id, provinces.get(u.region_id, ()))
                   for u in users.users if u.active), key=lambda r: r.username)
