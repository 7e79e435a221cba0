"""Delivery rows and their due rows (attempts, digests)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import uuid6
from servicekit.bulk import arrays, unnest_insert
from servicekit.sealed_columns import seal_fields
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import (
    SEALED_TARGET_FIELDS,
    deliveries,
    delivery_jobs,
    digest_jobs,
)
from notifications.domain.delivery import FAILED, HELD


def _id() -> str:
    return str(uuid6.uuid7())


async def add(session: AsyncSession, *, values: dict[str, Any], now: datetime) -> str | None:
    """Stores a delivery; its id, or None when this (event, recipient, channel) exists."""
    statement = insert(deliveries).values(id=_id(), created_at=now, updated_at=now, **values)
    result = await session.execute(statement.on_conflict_do_nothing(
        constraint="uq_deliveries_event_channel").returning(deliveries.c.id))
    return result.scalar_one_or_none()


# A batch's deliveries and due rows: one constant statement text each, whatever the count.
COLUMNS = ("id", "event_id", "recipient", "channel", "kind", "title", "body", "link",
           "target", "urgent", "state", "created_at", "updated_at")
_ADD = unnest_insert(deliveries, COLUMNS,
                     on_conflict="ON CONFLICT ON CONSTRAINT uq_deliveries_event_channel"
                                 " DO NOTHING", returning=("id",))
_ATTEMPTS = unnest_insert(delivery_jobs, ("id", "delivery_id", "due_at"))
_DIGESTS = unnest_insert(digest_jobs, ("id", "user_id", "channel", "due_at"),
                         on_conflict="ON CONFLICT ON CONSTRAINT uq_digest_jobs_window"
                                     " DO NOTHING")


def new_row(*, values: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """A delivery row for `add_many`: `values` names the columns but id and times. The
    unnest insert skips SQLAlchemy's type processing, so the robot credentials of the
    target are sealed here rather than by the column type."""
    return {**values, "id": _id(), "created_at": now, "updated_at": now,
            "target": json.dumps(seal_fields(values["target"], SEALED_TARGET_FIELDS),
                                 ensure_ascii=False)}


async def add_many(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> set[str]:
    """Stores the rows (`new_row`) in one statement; the ids of those stored, leaving out
    any (event, recipient, channel) that already has a delivery."""
    if not rows:
        return set()
    result = await session.execute(_ADD, arrays(rows, COLUMNS))
    return {str(found) for found in result.scalars()}


async def schedule_attempts(session: AsyncSession, due: Sequence[tuple[str, datetime]]) -> None:
    """First attempts: (delivery id, due at) each."""
    if due:
        await session.execute(_ATTEMPTS, {"id": [_id() for _ in due],
                                          "delivery_id": [d for d, _ in due],
                                          "due_at": [at for _, at in due]})


async def schedule_digests(session: AsyncSession,
                           windows: Sequence[tuple[str, str, datetime]]) -> None:
    """One digest per (person, channel, end of quiet window), however many are held."""
    if windows:
        await session.execute(_DIGESTS, {"id": [_id() for _ in windows],
                                         "user_id": [u for u, _, _ in windows],
                                         "channel": [c for _, c, _ in windows],
                                         "due_at": [at for _, _, at in windows]})


async def schedule_attempt(session: AsyncSession, delivery_id: str, due_at: datetime) -> None:
    await session.execute(sa.insert(delivery_jobs).values(id=_id(), delivery_id=delivery_id,
                                                          due_at=due_at))


async def schedule_digest(session: AsyncSession, *, user_id: str, channel: str,
                          due_at: datetime) -> None:
    """One digest per person, channel and end of quiet window, however many are held."""
    await session.execute(insert(digest_jobs).values(
        id=_id(), user_id=user_id, channel=channel, due_at=due_at).on_conflict_do_nothing(
        constraint="uq_digest_jobs_window"))


async def lock(session: AsyncSession, delivery_id: str) -> sa.RowMapping | None:
    return (await session.execute(sa.select(deliveries).where(
        deliveries.c.id == delivery_id).with_for_update())).mappings().first()


async def update(session: AsyncSession, delivery_id: str, **values: Any) -> None:
    await session.execute(sa.update(deliveries).where(deliveries.c.id == delivery_id)
                          .values(**values))


async def take_held(session: AsyncSession, *, user_id: str, channel: str,
                    due_at: datetime) -> list[sa.RowMapping]:
    """The person's held deliveries on `channel` up to `due_at`, oldest first, locked."""
    return list((await session.execute(sa.select(deliveries).where(
        deliveries.c.recipient == user_id, deliveries.c.channel == channel,
        deliveries.c.state == HELD, deliveries.c.created_at <= due_at)
        .order_by(deliveries.c.created_at).with_for_update())).mappings().all())


async def failed_page(session: AsyncSession, *, after: tuple[datetime, str] | None,
                      limit: int) -> list[sa.RowMapping]:
    query = sa.select(deliveries).where(deliveries.c.state == FAILED)
    if after is not None:
        query = query.where(sa.tuple_(deliveries.c.updated_at, deliveries.c.id) < sa.tuple_(
            sa.literal(after[0], sa.DateTime(timezone=True)),
            sa.literal(after[1], sa.Uuid(as_uuid=False))))
    query = query.order_by(deliveries.c.updated_at.desc(), deliveries.c.id.desc()).limit(limit)
    return list((await session.execute(query)).mappings().all())
