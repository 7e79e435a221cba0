"""Regions as admins and directors read them: provinces, managers, how many reps."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters import repository
from gateway.adapters.orm import ManagerRegion, User
from gateway.region_schemas import Person, RegionRead


async def read_all(session: AsyncSession) -> list[RegionRead]:
    """Every region by code, the default one last (as ListRegions orders them)."""
    managers: dict[uuid.UUID, list[Person]] = defaultdict(list)
    rows = await session.execute(
        select(ManagerRegion.region_id, User.id, User.display_name, User.username)
        .join(User, User.id == ManagerRegion.user_id)
        .where(User.active, User.role == "manager").order_by(User.username))
    for region_id, user_id, shown, username in rows:
        managers[region_id].append(Person(id=str(user_id), name=shown or username))
    reps = dict((await session.execute(
        select(User.region_id, func.count()).where(User.active, User.role == "rep")
        .group_by(User.region_id))).all())
    return [RegionRead(id=str(v.region.id), code=v.region.code, name=v.region.name,
                       is_default=v.region.is_default, provinces=list(v.provinces),
                       managers=managers[v.region.id], reps=reps.get(v.region.id, 0),
                       created_at=v.region.created_at)
            for v in await repository.list_regions(session)]


async def read_one(session: AsyncSession, region_id: uuid.UUID) -> RegionRead:
    return next(r for r in await read_all(session) if r.id == str(region_id))
