"""OrgDirectory over gRPC: the services ask the gateway about people and regions.

The regions and their provinces are read once per `REGIONS_TTL` seconds, not per call:
the leads service resolves each batch's provinces here, and the two queries behind every
ResolveRegion were most of what the gateway spent answering it. An admin's change of the
map (region_admin.py) empties this replica's copy at once (`regions_changed`); the other
replicas see it within that time, and `seed` runs the same way.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import grpc
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.errors import FieldError, NotFound, ServiceError
from servicekit.provinces import short_province
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.adapters import repository
from gateway.adapters.orm import IntakeSource, User
from gateway.adapters.repository import RegionView
from gateway.departments import list_departments

SERVICE_NAME = org_pb2.DESCRIPTOR.services_by_name["OrgDirectory"].full_name
REGIONS_TTL = 5.0
_map_changed = 0.0  # time.monotonic() of this process's last change of the region map


def regions_changed() -> None:
    """This process changed the region map: its next ResolveRegion reads it again."""
    global _map_changed
    _map_changed = time.monotonic()


def _uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise FieldError(field, "不是有效的 ID") from error


def user_message(user: User, managed: list[uuid.UUID]) -> org_pb2.User:
    return org_pb2.User(
        id=str(user.id), username=user.username, display_name=user.display_name,
        role=user.role, region_id=str(user.region_id or ""),
        department_id=str(user.department_id or ""), manager_id=str(user.manager_id or ""),
        active=user.active, managed_region_ids=[str(r) for r in managed],
    )


def region_message(view: RegionView) -> org_pb2.Region:
    r = view.region
    return org_pb2.Region(id=str(r.id), code=r.code, name=r.name,
                          provinces=list(view.provinces), is_default=r.is_default)


class OrgDirectoryServicer(org_pb2_grpc.OrgDirectoryServicer):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        # (read at, regions): read again after REGIONS_TTL or a change made here since.
        self._regions: tuple[float, list[org_pb2.Region]] | None = None
        self._regions_lock = asyncio.Lock()  # one read when the cached map expires

    def _stale(self) -> bool:
        read_at = self._regions[0] if self._regions is not None else None
        return (read_at is None or read_at + REGIONS_TTL <= time.monotonic()
                or read_at <= _map_changed)

    async def regions(self) -> list[org_pb2.Region]:
        if self._stale():
            async with self._regions_lock:
                if self._stale():
                    read_at = time.monotonic()
                    async with self.sessions() as session:
                        views = await repository.list_regions(session)
                    self._regions = (read_at, [region_message(v) for v in views])
        assert self._regions is not None
        return self._regions[1]

    async def GetUser(self, request: org_pb2.GetUserRequest,
                      context: grpc.aio.ServicerContext) -> org_pb2.User:
        user_id = _uuid(request.user_id, "user_id")
        async with self.sessions() as session:
            user = await repository.get_user(session, user_id=user_id)
            if user is None:
                raise NotFound(f"user {request.user_id} not found")
            managed = await repository.managed_region_ids(session, user_ids=[user.id])
        return user_message(user, managed.get(user.id, []))

    async def ListUsers(self, request: org_pb2.ListUsersRequest,
                        context: grpc.aio.ServicerContext) -> org_pb2.ListUsersResponse:
        region_id = _uuid(request.region_id, "region_id") if request.region_id else None
        async with self.sessions() as session:
            users = await repository.list_users(session, role=request.role, region_id=region_id,
                                                include_inactive=request.include_inactive)
            managed = await repository.managed_region_ids(session, user_ids=[u.id for u in users])
        return org_pb2.ListUsersResponse(
            users=[user_message(u, managed.get(u.id, [])) for u in users])

    async def ListRegions(self, request: org_pb2.ListRegionsRequest,
                          context: grpc.aio.ServicerContext) -> org_pb2.ListRegionsResponse:
        return org_pb2.ListRegionsResponse(regions=await self.regions())

    async def ListDepartments(self, request: org_pb2.ListDepartmentsRequest,
                              context: grpc.aio.ServicerContext
                              ) -> org_pb2.ListDepartmentsResponse:
        async with self.sessions() as session:
            return await list_departments(session)

    async def ListIntakeSources(self, request: org_pb2.ListIntakeSourcesRequest,
                                context: grpc.aio.ServicerContext
                                ) -> org_pb2.ListIntakeSourcesResponse:
        async with self.sessions() as session:
            rows = await session.execute(select(IntakeSource.name, IntakeSource.display_name,
                                                IntakeSource.active))
        return org_pb2.ListIntakeSourcesResponse(sources=[
            org_pb2.IntakeSource(name=name, display_name=shown or name, active=active)
            for name, shown, active in rows])

    async def ResolveRegion(self, request: org_pb2.ResolveRegionRequest,
                            context: grpc.aio.ServicerContext) -> org_pb2.Region:
        """The region a province's leads go to; the default region when unmapped or unknown."""
        short, regions = short_province(request.province), await self.regions()
        found = next((r for r in regions if short and short in r.provinces), None)
        found = found or next((r for r in regions if r.is_default), None)
        if found is None:
            raise ServiceError("no default region configured; run `python -m gateway seed`")
        return found
