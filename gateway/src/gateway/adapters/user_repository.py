"""Queries behind the user admin routes (reads of the org directory are repository.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import Department, ManagerRegion, Region, User

_CHAIN_LIMIT = 50  # a reporting line longer than this is a cycle someone made by hand


@dataclass(frozen=True)
class UserFilter:
    role: str = ""
    region_id: uuid.UUID | None = None  # home region, or a region they manage
    active: bool | None = None
    q: str = ""                         # part of the username or the display name


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def page_users(session: AsyncSession, *, where: UserFilter, after: str,
                     limit: int) -> list[User]:
    """By username (unique, lower-case), those after `after`."""
    query = select(User).order_by(User.username).limit(limit)
    if after:
        query = query.where(User.username > after)
    if where.role:
        query = query.where(User.role == where.role)
    if where.active is not None:
        query = query.where(User.active.is_(where.active))
    if where.region_id is not None:
        manages = exists().where(ManagerRegion.user_id == User.id,
                                 ManagerRegion.region_id == where.region_id)
        query = query.where(or_(User.region_id == where.region_id, manages))
    if where.q:
        pattern = f"%{_escaped(where.q)}%"
        query = query.where(or_(User.username.ilike(pattern, escape="\\"),
                                User.display_name.ilike(pattern, escape="\\")))
    return list(await session.scalars(query))


async def username_taken(session: AsyncSession, *, username: str) -> bool:
    found = await session.scalar(select(User.id).where(func.lower(User.username)
                                                       == username.lower()))
    return found is not None


async def user_by_create_key(session: AsyncSession, *, key: str) -> User | None:
    return await session.scalar(select(User).where(User.create_key == key))


async def existing_region_ids(session: AsyncSession) -> frozenset[uuid.UUID]:
    return frozenset(await session.scalars(select(Region.id)))


async def existing_department_ids(session: AsyncSession) -> frozenset[uuid.UUID]:
    return frozenset(await session.scalars(select(Department.id)))


async def retired_department_ids(session: AsyncSession) -> frozenset[uuid.UUID]:
    return frozenset(await session.scalars(select(Department.id)
                                           .where(Department.retired_at.is_not(None))))


async def functional_department_ids(session: AsyncSession) -> frozenset[uuid.UUID]:
    return frozenset(await session.scalars(select(Department.id)
                                           .where(Department.kind == "functional")))


async def reporting_line(session: AsyncSession, *, user_id: uuid.UUID
                         ) -> tuple[uuid.UUID, ...]:
    """`user_id` and everyone above them, nearest first."""
    line = [user_id]
    while len(line) < _CHAIN_LIMIT:
        above = await session.scalar(select(User.manager_id).where(User.id == line[-1]))
        if above is None or above in line:
            break
        line.append(above)
    return tuple(line)


async def lock_active_admins(session: AsyncSession) -> list[uuid.UUID]:
    """Locked until commit, so two admins retiring each other at once cannot both pass
    the "someone else stays admin" check. By id, so every caller takes them in one order;
    a PATCH that may retire an admin takes them before its target's row."""
    return list(await session.scalars(
        select(User.id).where(User.role == "admin", User.active).order_by(User.id)
        .with_for_update()))


async def set_managed_regions(session: AsyncSession, *, user_id: uuid.UUID,
                              region_ids: tuple[uuid.UUID, ...]) -> None:
    await session.execute(delete(ManagerRegion).where(ManagerRegion.user_id == user_id))
    session.add_all(ManagerRegion(user_id=user_id, region_id=r) for r in region_ids)
    await session.flush()


async def names_for_export(session: AsyncSession) -> tuple[dict[uuid.UUID, str], ...]:
    """Region names, department names, and display names by id, for a sheet's columns."""
    found = []
    for key, name in ((Region.id, Region.name), (Department.id, Department.name),
                      (User.id, User.display_name)):
        found.append({k: v for k, v in await session.execute(select(key, name))})
    return tuple(found)


async def directory_rows(session: AsyncSession) -> tuple[list[Any], ...]:
    """What an import's names may point at: regions and departments (id, code, name,
    [retired]), every user, and every (manager, managed region) pair."""
    regions = list(await session.execute(select(Region.id, Region.code, Region.name)))
    departments = list(await session.execute(select(
        Department.id, Department.code, Department.name, Department.retired_at.is_not(None))))
    people = list(await session.scalars(select(User)))
    managed = list(await session.execute(select(ManagerRegion.user_id,
                                                ManagerRegion.region_id)))
    return regions, departments, people, managed
