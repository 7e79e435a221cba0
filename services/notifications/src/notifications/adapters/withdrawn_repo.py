"""Withdrawn subjects and the items about them. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import VERSIONS, deliveries, inbox_items, withdrawn_subjects
from notifications.domain.delivery import FAILED, HELD, PENDING, WITHDRAWN
from notifications.domain.model import InboxItem

_SHOWN = [column for column in inbox_items.c if column.name != "version_at"]


async def record(session: AsyncSession, abouts: Sequence[str], *, why: str,
                 now: datetime) -> None:
    """Remembers what stopped waiting (the first withdrawal's reason and time stand)."""
    if abouts:
        await session.execute(insert(withdrawn_subjects).values(
            [{"about": about, "why": why, "withdrawn_at": now} for about in abouts])
            .on_conflict_do_nothing())


async def forget(session: AsyncSession, about: str) -> None:
    """It waits again (a lost deal's discount, the deal reopened): asks anew are told."""
    if about:
        await session.execute(sa.delete(withdrawn_subjects)
                              .where(withdrawn_subjects.c.about == about))


async def is_withdrawn(session: AsyncSession, about: str) -> bool:
    return bool(about) and (await session.execute(
        sa.select(withdrawn_subjects.c.about).where(withdrawn_subjects.c.about == about)
    )).first() is not None


async def open_items(session: AsyncSession, abouts: Sequence[str], *,
                     keep: Sequence[str] = ()) -> list[InboxItem]:
    """The items about these not yet withdrawn, but those of the people in `keep`,
    locked (in id order: one lock order)."""
    if not abouts:
        return []
    rows = (await session.execute(
        sa.select(*_SHOWN).where(inbox_items.c.about.in_(list(abouts)),
                                 inbox_items.c.withdrawn_at.is_(None),
                                 inbox_items.c.user_id.not_in(list(keep)))
        .order_by(inbox_items.c.id).with_for_update())).mappings().all()
    return [InboxItem(**dict(row)) for row in rows]


async def withdraw(session: AsyncSession, item: InboxItem, *, title: str, body: str,
                   now: datetime) -> InboxItem:
    """The item withdrawn with its new text: read (the first read time kept), under a new
    version so the live stream and a reconnecting client see it change; its deliveries
    not sent yet (pending, held for the digest, or dead-lettered: an admin's retry would
    send it late) are not sent at all."""
    read_at = item.read_at or now
    version = (await session.execute(
        sa.update(inbox_items).where(inbox_items.c.id == item.id)
        .values(title=title, body=body, read_at=read_at, withdrawn_at=now,
                version=sa.func.nextval(VERSIONS), version_at=sa.func.clock_timestamp())
        .returning(inbox_items.c.version))).scalar_one()
    await session.execute(
        sa.update(deliveries)
        .where(deliveries.c.event_id == item.event_id, deliveries.c.recipient == item.user_id,
               deliveries.c.state.in_([PENDING, HELD, FAILED]))
        .values(state=WITHDRAWN, updated_at=now))
    return replace(item, title=title, body=body, read_at=read_at, withdrawn_at=now,
                   version=version)
