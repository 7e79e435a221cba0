"""Queries over the org chart and intake keys. Keyword-only arguments, so call sites
read like sentences: `await get_user(session, user_id=...)`."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import ApiKey, IntakeSource, ManagerRegion, ProvinceRegion, Region, User


@dataclass(frozen=True)
class RegionView:
    region: Region
    provinces: tuple[str, ...]


async def get_user(session: AsyncSession, *, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_user_by_username(session: AsyncSession, *, username: str) -> User | None:
    """Ignoring case, as usernames are unique (uq_users_lower_username serves this)."""
    return await session.scalar(select(User).where(func.lower(User.username)
                                                   == username.strip().lower()))


async def managed_region_ids(
    session: AsyncSession, *, user_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    rows = await session.execute(
        select(ManagerRegion.user_id, ManagerRegion.region_id)
        .where(ManagerRegion.user_id.in_(user_ids))
        .order_by(ManagerRegion.region_id)
    )
    found: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for user_id, region_id in rows:
        found[user_id].append(region_id)
    return found


async def all_region_ids(session: AsyncSession) -> list[uuid.UUID]:
    return list(await session.scalars(select(Region.id).order_by(Region.code)))


async def list_users(
    session: AsyncSession, *, role: str = "", region_id: uuid.UUID | None = None,
    include_inactive: bool = False,
) -> list[User]:
    query = select(User).order_by(User.username)
    if role:
        query = query.where(User.role == role)
    if region_id is not None:
        query = query.where(User.region_id == region_id)
    if not include_inactive:
        query = query.where(User.active)
    return list(await session.scalars(query))


async def list_regions(session: AsyncSession) -> list[RegionView]:
    regions = list(await session.scalars(select(Region).order_by(Region.is_default, Region.code)))
    rows = await session.execute(
        select(ProvinceRegion.region_id, ProvinceRegion.province).order_by(ProvinceRegion.province)
    )
    provinces: dict[uuid.UUID, list[str]] = defaultdict(list)
    for region_id, province in rows:
        provinces[region_id].append(province)
    return [RegionView(r, tuple(provinces[r.id])) for r in regions]


async def source_for_key(session: AsyncSession, *, key_sha256: str) -> IntakeSource | None:
    return await session.scalar(
        select(IntakeSource)
        .join(ApiKey, ApiKey.source_id == IntakeSource.id)
        .where(ApiKey.key_sha256 == key_sha256, ApiKey.revoked_at.is_(None), IntakeSource.active)
    )
