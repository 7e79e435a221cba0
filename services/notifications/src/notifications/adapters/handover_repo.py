"""Handover summaries: the counts each person's one item shows, one row per row key
(domain/handover_notices.py: the successor's per leaver, the manager's per leaver and
receiver) and person. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import handover_notices as T


async def lock(session: AsyncSession, names: Sequence[str]) -> None:
    """Holds each name until commit. A manager's line adds up several rows (the leads'
    and the deals' parts arrive through two durables at once): without it, each would
    render the item from the rows it sees and the later rewrite would lack the other's
    part. Sorted, so two summaries never wait on each other."""
    for name in sorted(set(names)):
        await session.execute(sa.select(sa.func.pg_advisory_xact_lock(
            sa.func.hashtextextended(f"handover_notices:{name}", 0))))


async def add(session: AsyncSession, rows: Sequence[tuple[str, str]], *, event_id: str,
              leads: int, opportunities: int, workorders: int = 0
              ) -> list[tuple[str, str]]:
    """Adds one summary's counts to each (row key, person), once per event (a summary
    delivered again adds nothing); the rows it added to."""
    if not rows:
        return []
    stmt = insert(T).values([{"handover_id": key, "user_id": person, "leads": leads,
                              "opportunities": opportunities, "workorders": workorders,
                              "event_ids": [event_id]}
                             for key, person in sorted(set(rows))])
    stmt = stmt.on_conflict_do_update(
        index_elements=[T.c.handover_id, T.c.user_id],
        set_={"leads": T.c.leads + stmt.excluded.leads,
              "opportunities": T.c.opportunities + stmt.excluded.opportunities,
              "workorders": T.c.workorders + stmt.excluded.workorders,
              "event_ids": T.c.event_ids + stmt.excluded.event_ids},
        where=sa.not_(sa.literal(event_id) == sa.any_(T.c.event_ids)))
    found = await session.execute(stmt.returning(T.c.handover_id, T.c.user_id))
    return sorted((row.handover_id, row.user_id) for row in found)


async def counts(session: AsyncSession, *, prefix: str, people: Sequence[str]
                 ) -> dict[str, dict[str, tuple[int, int, int]]]:
    """person -> row key -> (leads, opportunities, work orders), for the row keys under
    `prefix`."""
    found = await session.execute(sa.select(T.c.handover_id, T.c.user_id, T.c.leads,
                                            T.c.opportunities, T.c.workorders).where(
        T.c.user_id.in_(list(people)), T.c.handover_id.startswith(prefix, autoescape=True)))
    totals: dict[str, dict[str, tuple[int, int, int]]] = {}
    for row in found:
        totals.setdefault(row.user_id, {})[row.handover_id] = (
            row.leads, row.opportunities, row.workorders)
    return totals
