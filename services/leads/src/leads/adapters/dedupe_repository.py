"""Queries for duplicate matching, touches and merges. Callers own the transaction."""

from __future__ import annotations

import uuid
from typing import Any

from servicekit.driver import Statement, connection
from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.dedupe_orm import lead_merges, lead_touches
from leads.adapters.orm import leads
from leads.domain.history import Merge, Touch

# Sorted keys, locked in that order (volatile functions in the select list run after
# ORDER BY), so two arrivals sharing keys never deadlock. Sent on the driver connection
# (servicekit.driver): it opens every intake transaction.
_LOCK = Statement("SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) "
                  "FROM unnest(CAST(:keys AS text[])) AS k ORDER BY k")


async def lock_match_keys(session: AsyncSession, *, keys: list[str]) -> None:
    """Held until commit: concurrent arrivals of one customer run one after the other."""
    if keys:
        await _LOCK.fetch(await connection(session), {"keys": keys})


async def add_touch(session: AsyncSession, *, touch: Touch) -> None:
    await session.execute(insert(lead_touches).values(
        id=uuid.UUID(touch.id), lead_id=uuid.UUID(touch.lead_id), source=touch.source,
        channel=touch.channel, summary=touch.summary, match_reason=touch.match_reason,
        idempotency_key=touch.idempotency_key, touched_at=touch.touched_at,
        request_hash=touch.request_hash, filled=list(touch.filled)))


def _touch(row: Any) -> Touch:
    m = row._mapping
    return Touch(id=str(m["id"]), lead_id=str(m["lead_id"]), source=m["source"],
                 channel=m["channel"], summary=m["summary"], touched_at=m["touched_at"],
                 match_reason=m["match_reason"], idempotency_key=m["idempotency_key"],
                 filled=tuple(m["filled"]))


async def absorbed_ids(session: AsyncSession, *, lead_id: str, depth: int = 10) -> list[str]:
    """The lead and every lead merged into it, directly or through another merged lead."""
    ids, frontier = [lead_id], [lead_id]
    for _ in range(depth):
        rows = await session.execute(select(leads.c.id).where(leads.c.merged_into.in_(frontier)))
        frontier = [str(r.id) for r in rows if str(r.id) not in ids]
        if not frontier:
            break
        ids += frontier
    return ids


async def touches_of(session: AsyncSession, *, lead_ids: list[str]) -> list[Touch]:
    rows = await session.execute(
        select(lead_touches).where(lead_touches.c.lead_id.in_([uuid.UUID(i) for i in lead_ids]))
        .order_by(lead_touches.c.touched_at, lead_touches.c.id))
    return [_touch(r) for r in rows]


def _merge(row: Any) -> Merge:
    m = row._mapping
    return Merge(id=str(m["id"]), survivor_id=str(m["survivor_id"]),
                 merged_id=str(m["merged_id"]), merged_by=m["merged_by"],
                 merged_at=m["merged_at"], undone_by=m["undone_by"], undone_at=m["undone_at"])


async def merges_of(session: AsyncSession, *, lead_id: str) -> list[Merge]:
    key = uuid.UUID(lead_id)
    rows = await session.execute(
        select(lead_merges).where(or_(lead_merges.c.survivor_id == key,
                                      lead_merges.c.merged_id == key))
        .order_by(lead_merges.c.merged_at, lead_merges.c.id))
    return [_merge(r) for r in rows]


async def get_merge(session: AsyncSession, *, merge_id: str, for_update: bool = False
                    ) -> Merge | None:
    try:
        key = uuid.UUID(merge_id)
    except ValueError:
        return None
    query = select(lead_merges).where(lead_merges.c.id == key)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    return None if row is None else _merge(row)


async def active_merge(session: AsyncSession, *, merged_id: str) -> Merge | None:
    row = (await session.execute(select(lead_merges).where(
        lead_merges.c.merged_id == uuid.UUID(merged_id), lead_merges.c.undone_at.is_(None)))
    ).first()
    return None if row is None else _merge(row)


async def add_merge(session: AsyncSession, *, merge: Merge) -> None:
    await session.execute(insert(lead_merges).values(
        id=uuid.UUID(merge.id), survivor_id=uuid.UUID(merge.survivor_id),
        merged_id=uuid.UUID(merge.merged_id), merged_by=merge.merged_by,
        merged_at=merge.merged_at))
    await _set_merged_into(session, lead_id=merge.merged_id, value=merge.survivor_id)


async def undo_merge(session: AsyncSession, *, merge: Merge) -> None:
    await session.execute(update(lead_merges).where(lead_merges.c.id == uuid.UUID(merge.id))
                          .values(undone_by=merge.undone_by, undone_at=merge.undone_at))
    await _set_merged_into(session, lead_id=merge.merged_id, value="")


async def _set_merged_into(session: AsyncSession, *, lead_id: str, value: str) -> None:
    await session.execute(update(leads).where(leads.c.id == uuid.UUID(lead_id))
                          .values(merged_into=value, updated_at=func.now()))
