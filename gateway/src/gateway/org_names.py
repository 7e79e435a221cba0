"""People's and regions' names for exports: the services answer ids, a spreadsheet is
read by people. The gateway owns the org directory, so an export looks the names up
here, in one query per kind for the whole export (not one per row)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

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


async def usernames(session: AsyncSession, ids: Iterable[str]) -> dict[str, str]:
    """id -> login name (rep01); unknown ids are absent."""
    return await _by_id(session, User.id, User.username, ids)


async def names_by_username(session: AsyncSession, usernames: Iterable[str]) -> dict[str, str]:
    """username -> display name, for answers that carry the login name (rep01) only."""
    return await _by_code(session, User.username, User.display_name, usernames)


async def region_names(session: AsyncSession, ids: Iterable[str]) -> dict[str, str]:
    return await _by_id(session, Region.id, Region.name, ids)


async def department_names(session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    """Department code (技术部's `engineering`) -> its name."""
    return await _by_code(session, Department.code, Department.name, codes)


async def source_names(session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    """Intake source code (web_form) -> the name people know it by (官网表单)."""
    return await _by_code(session, IntakeSource.name, IntakeSource.display_name, codes)


# Sources the leads service gives leads itself (leads domain/scoring.py): no intake row.
LEADS_OWN_SOURCES = {"manual": "手工录入", "import": "批量导入"}


async def every_source_name(session: AsyncSession) -> dict[str, str]:
    """Every source's name for people, for an export whose sources are not known before its
    rows stream in (a few dozen rows: one query)."""
    rows = await session.execute(select(IntakeSource.name, IntakeSource.display_name))
    return {**LEADS_OWN_SOURCES, **{code: name or code for code, name in rows}}


async def _by_id(session: AsyncSession, key: Any, shown: Any,
                 ids: Iterable[str]) -> dict[str, str]:
    """id -> the column shown for it; ids that are not UUIDs or unknown are absent."""
    wanted = _uuids(ids)
    if not wanted:
        return {}
    rows = await session.execute(select(key, shown).where(key.in_(wanted)))
    return {str(id_): value for id_, value in rows}


async def _by_code(session: AsyncSession, key: Any, shown: Any,
                   codes: Iterable[str]) -> dict[str, str]:
    """code -> what is shown for it, the code itself where that is empty."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    rows = await session.execute(select(key, shown).where(key.in_(wanted)))
    return {code: name or code for code, name in rows}


def named(names: dict[str, str], id_: str) -> str:
    """The name, else the id itself (someone removed from the directory stays traceable)."""
    return names.get(id_, id_)


# Who made a record when no person did: the services' demo seed writes "demo", a partner
# or service token "service:<name>". An export showed them as if "demo" were a login.
DEMO_AUTHOR, SYSTEM_AUTHOR = "系统（演示数据）", "系统"


def author(names: dict[str, str], id_: str) -> str:
    """`named`, for who made a record: the seed and service tokens read as 系统."""
    if id_ in names:
        return names[id_]
    if id_ == "demo":
        return DEMO_AUTHOR
    return SYSTEM_AUTHOR if id_.startswith("service:") else id_
