"""The append-only fact log: insert (a replayed event id is ignored), read by time."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from servicekit.bulk import arrays, unnest_insert
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incentives.adapters.orm import facts
from incentives.domain.facts import Fact

_COLUMNS = ("event_id", "event_type", "kind", "user_id", "region_id", "subject_id",
            "occurred_at", "ok", "value")
# One statement text for 1 fact or a demo year of them: one array per column, compiled
# and prepared once (a VALUES list per row was compiled anew for every batch size).
_APPEND = unnest_insert(facts, _COLUMNS, on_conflict="ON CONFLICT (event_id) DO NOTHING")


async def append(session: AsyncSession, found: Iterable[Fact]) -> int:
    rows = [{c: getattr(x, c) for c in _COLUMNS} for x in found]
    if rows:
        await session.execute(_APPEND, arrays(rows, _COLUMNS))
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
