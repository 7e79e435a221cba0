"""An import's leads nobody could take, per person told: the count their one summary item
shows. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import import_unassignable_leads as T


async def add(session: AsyncSession, key: str, lead_id: str,
              people: Sequence[str]) -> dict[str, int]:
    """Counts the lead for each person; for those it was new to, how many leads of the
    import they now have (a lead already counted for them changes nothing)."""
    if not people:
        return {}
    # Replicas may count two leads of one import at once: each must see the other's row,
    # or the later rewrite would show a count one short.
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
    stmt = insert(T).values([{"event_key": key, "user_id": person, "lead_id": lead_id}
                             for person in sorted(set(people))])
    fresh = list((await session.execute(
        stmt.on_conflict_do_nothing().returning(T.c.user_id))).scalars())
    if not fresh:
        return {}
    rows = await session.execute(
        select(T.c.user_id, func.count()).where(T.c.event_key == key, T.c.user_id.in_(fresh))
        .group_by(T.c.user_id))
    return {user: count for user, count in rows}
