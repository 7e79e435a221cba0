"""Rate windows of the public token pages (no login: the customer's signing link, the
satisfaction survey), per caller address, in PostgreSQL so replicas share one limit."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import PublicRateWindow


async def count_hits(session: AsyncSession, key: Hashable, window_start: datetime,
                     hits: int) -> int:
    """Adds `hits` to the key's window; the window's total so far (every replica's)."""
    statement = insert(PublicRateWindow).values(key=str(key), window_start=window_start,
                                                hits=hits)
    statement = statement.on_conflict_do_update(
        index_elements=["key", "window_start"],
        set_={"hits": PublicRateWindow.hits + hits}).returning(PublicRateWindow.hits)
    total = (await session.execute(statement)).scalar_one()
    if total == hits:  # this upsert opened a window: forget every key's older ones
        await session.execute(delete(PublicRateWindow).where(
            PublicRateWindow.window_start < window_start))
    await session.commit()
    return int(total)
