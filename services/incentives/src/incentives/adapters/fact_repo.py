"""The append-only fact log: insert (a replayed event id is ignored), read by time."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from incentives.adapters.orm import facts
from incentives.domain.facts import Fact

_COLUMNS = ("event_id", "event_type", "kind", "user_id", "region_id", "subject_id",
            "occurred_at", "ok", "value")


async def append(session: AsyncSession, found: Iterable[Fact]) -> int:
    rows = [{c: getattr(x, c) for c in _COLUMNS} for x in found]
    if not rows:
        return 0
    for start in range(0, len(rows), 2000):  # stay far below the bind-parameter limit
        await session.execute(insert(facts).values(rows[start:start + 2000])
                              .on_conflict_do_nothing(index_elements=["event_id"]))
    return len(rows)


async def between(session: AsyncSession, start: datetime, end: datetime, *,
                  user_ids: Collection[str] | None = None,
                  kinds: Collection[str] | None = None) -> list[Fact]:
    query = select(*(facts.c[c] for c in _COLUMNS)).where(
        facts.c.occurred_at >= start, facts.c.occurred_at < end)
    if user_ids is not None:
        query = query.where(facts.c.user_id.in_(list(user_ids)))
    if kinds is not None:
        query = query.where(facts.c.kind.in_(list(kinds)))
    rows = await session.execute(query.order_by(facts.c.occurred_at, facts.c.event_id))
    return [Fact(**row._mapping) for row in rows]
