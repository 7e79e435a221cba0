"""Import summaries: the counts each person's summary item shows, per import. Callers own
the transaction."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import import_summary_notices as T


async def record(session: AsyncSession, key: str,
                 counts: Mapping[str, tuple[int, int]]) -> list[str]:
    """Stores each person's (assigned, returned); the people for whom it is news: no item
    yet, or more leads than it shows (counts only grow, so a smaller or equal one is an
    older summary arriving late, or the same again)."""
    if not counts:
        return []
    stmt = insert(T).values([{"event_key": key, "user_id": person, "assigned": assigned,
                              "returned": returned}
                             for person, (assigned, returned) in sorted(counts.items())])
    stmt = stmt.on_conflict_do_update(
        index_elements=[T.c.event_key, T.c.user_id],
        set_={"assigned": stmt.excluded.assigned, "returned": stmt.excluded.returned},
        where=T.c.assigned + T.c.returned < stmt.excluded.assigned + stmt.excluded.returned)
    return list((await session.execute(stmt.returning(T.c.user_id))).scalars())
