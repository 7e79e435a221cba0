"""The edited message texts, read through a short cache (every event renders with
them; admins edit a few times a month), and saving an admin's edit."""

from __future__ import annotations

import time
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import message_templates
from notifications.domain.templates import Book, Template

CACHE_SECONDS = 10.0
_cache: dict[int, tuple[float, Book]] = {}


async def book(session: AsyncSession) -> Book:
    """kind -> language -> Template; an edit shows within CACHE_SECONDS on every replica."""
    key = id(session.get_bind().engine)  # one per schema: tests run two side by side
    cached = _cache.get(key)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    found = await rows(session)
    fresh: dict[str, dict[str, Template]] = {}
    for row in found:
        fresh.setdefault(row.kind, {})[row.language] = Template(row.title, row.body)
    _cache[key] = (time.monotonic() + CACHE_SECONDS, fresh)
    return fresh


def forget() -> None:
    _cache.clear()


async def rows(session: AsyncSession) -> list[sa.Row]:
    return list((await session.execute(sa.select(message_templates).order_by(
        message_templates.c.kind, message_templates.c.language))).all())


async def save(session: AsyncSession, *, kind: str, language: str, template: Template,
               by: str, now: datetime) -> None:
    values = {"kind": kind, "language": language, "title": template.title,
              "body": template.body, "updated_at": now, "updated_by": by}
    statement = insert(message_templates).values(**values)
    await session.execute(statement.on_conflict_do_update(
        index_elements=[message_templates.c.kind, message_templates.c.language],
        set_={k: statement.excluded[k] for k in ("title", "body", "updated_at",
                                                 "updated_by")}))
    forget()
