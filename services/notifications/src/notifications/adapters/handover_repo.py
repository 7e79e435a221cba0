"""Handover summaries: the totals each person's one item shows. Callers own the
transaction."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import handover_notices as T


async def add(session: AsyncSession, handover_id: str, people: Sequence[str], *,
              event_id: str, leads: int, opportunities: int) -> dict[str, tuple[int, int]]:
    """Adds one summary's counts for each person, once per event (a summary delivered
    again adds nothing); the totals (leads, opportunities) of those it added to.
    Concurrent summaries (the LEADS and PIPELINE durables) queue on the row's lock, so
    the later one adds to what the earlier one committed."""
    if not people:
        return {}
    stmt = insert(T).values([{"handover_id": handover_id, "user_id": person, "leads": leads,
                              "opportunities": opportunities, "event_ids": [event_id]}
                             for person in sorted(people)])
    stmt = stmt.on_conflict_do_update(
        index_elements=[T.c.handover_id, T.c.user_id],
        set_={"leads": T.c.leads + stmt.excluded.leads,
              "opportunities": T.c.opportunities + stmt.excluded.opportunities,
              "event_ids": T.c.event_ids + stmt.excluded.event_ids},
        where=sa.not_(sa.literal(event_id) == sa.any_(T.c.event_ids)))
    rows = await session.execute(stmt.returning(T.c.user_id, T.c.leads, T.c.opportunities))
    return {row.user_id: (row.leads, row.opportunities) for row in rows}
