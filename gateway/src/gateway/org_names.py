"""People's and regions' names for exports: the services answer ids, a spreadsheet is
read by people. The gateway owns the org directory, so an export looks the names up
here, in one query per kind for the whole export (not one per row)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import Department, IntakeSource, Region, User


def _uuids(ids: Iterable[str]) -> set[uuid.UUID]:
    found = set()
    for text in ids:
        try:
            found.add(uuid.UUID(text))
        except ValueError:  # "" (nobody) or not a directory id: shown as it came
            continue
    return found


async def user_names(session: AsyncSession, ids: Iterable[str]) -> dict[str, str]:
    """id -> display name (the username when it has none); unknown ids are absent."""
    wanted = _uuids(ids)
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, User.display_name, User.username)
                                 .where(User.id.in_(wanted)))
    return {str(id_): display or username for id_, display, username in rows}


async def names_by_username(session: AsyncSession, usernames: Iterable[str]) -> dict[str, str]:
    """username -> display name, for answers that carry the login name (rep01) only."""
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    rows = await session.execute(select(User.username, User.display_name)
                                 .where(User.username.in_(wanted)))
    return {username: display or username for username, display in rows}


async def region_names(session: AsyncSession, ids: Iterable[str]) -> dict[str, str]:
    wanted = _uuids(ids)
    if not wanted:
        return {}
    rows = await session.execute(select(Region.id, Region.name).where(Region.id.in_(wanted)))
    return {str(id_): name for id_, name in rows}


async def department_names(session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    """Department code (技术部's `engineering`) -> its name."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    rows = await session.execute(select(Department.code, Department.name)
                                 .where(Department.code.in_(wanted)))
    return {code: name for code, name in rows}


async def source_names(session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    """Intake source code (web_form) -> the name people know it by (官网表单)."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    rows = await session.execute(select(IntakeSource.name, IntakeSource.display_name)
                                 .where(IntakeSource.name.in_(wanted)))
    return {code: display or code for code, display in rows}


def named(names: dict[str, str], id_: str) -> str:
    """The name, else the id itself (someone removed from the directory stays traceable)."""
    return names.get(id_, id_)
