"""What public intake needs from PostgreSQL beyond the key: per-source rate windows and
the memory of ad signatures already seen. PostgreSQL rather than process memory, so every
gateway replica shares one limit and one replay memory, and a restart forgets nothing."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import IntakeRateWindow, IntakeSignature, IntakeSource


async def source_by_name(session: AsyncSession, *, name: str) -> IntakeSource | None:
    return await session.scalar(select(IntakeSource).where(IntakeSource.name == name,
                                                           IntakeSource.active))


async def count_hits(session: AsyncSession, *, source_id: uuid.UUID, window_start: datetime,
                     hits: int) -> int:
    """Adds `hits` requests to the source's window; the window's total so far (every
    replica's). One upsert, committed at once, so the row lock is held for one statement."""
    statement = insert(IntakeRateWindow).values(source_id=source_id, window_start=window_start,
                                                hits=hits)
    statement = statement.on_conflict_do_update(
        index_elements=["source_id", "window_start"],
        set_={"hits": IntakeRateWindow.hits + hits}).returning(IntakeRateWindow.hits)
    total = (await session.execute(statement)).scalar_one()
    if total == hits:  # this upsert opened the window: forget the source's older ones
        await session.execute(delete(IntakeRateWindow).where(
            IntakeRateWindow.source_id == source_id,
            IntakeRateWindow.window_start < window_start))
    await session.commit()
    return int(total)


async def claim_signature(session: AsyncSession, *, source_id: uuid.UUID, signature: str,
                          now: datetime, window: timedelta) -> bool:
    """False when this signature was already seen within the window (a replay)."""
    await session.execute(delete(IntakeSignature).where(
        IntakeSignature.source_id == source_id, IntakeSignature.seen_at < now - window))
    inserted = await session.execute(
        insert(IntakeSignature).values(source_id=source_id, signature=signature, seen_at=now)
        .on_conflict_do_nothing().returning(IntakeSignature.signature))
    claimed = inserted.first() is not None
    await session.commit()
    return claimed


async def release_signature(session: AsyncSession, *, source_id: uuid.UUID,
                            signature: str) -> None:
    """The request failed downstream (e.g. 503): its platform may retry the same one."""
    await session.execute(delete(IntakeSignature).where(
        IntakeSignature.source_id == source_id, IntakeSignature.signature == signature))
    await session.commit()
