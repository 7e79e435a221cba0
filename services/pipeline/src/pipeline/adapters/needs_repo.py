"""The needs record of a deal: one row, replaced on every save, its version counted up."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.field_orm import needs_records
from pipeline.domain.needs import Needs, NeedsRecord, from_dict


async def get(session: AsyncSession, *, opportunity_id: str) -> NeedsRecord:
    """The saved record, or an empty one (version 0) when nothing was recorded yet."""
    row = (await session.execute(select(needs_records).where(
        needs_records.c.opportunity_id == uuid.UUID(opportunity_id)))).first()
    if row is None:
        return NeedsRecord(opportunity_id, Needs())
    return NeedsRecord(opportunity_id, from_dict(row.data), row.version, row.updated_by,
                       row.updated_at)


async def is_complete(session: AsyncSession, *, opportunity_id: str) -> bool:
    found = await session.execute(select(needs_records.c.complete).where(
        needs_records.c.opportunity_id == uuid.UUID(opportunity_id)))
    return bool(found.scalar())


async def save(session: AsyncSession, record: NeedsRecord) -> None:
    values = {"data": record.needs.to_dict(), "complete": record.needs.complete,
              "version": record.version, "updated_by": record.updated_by,
              "updated_at": record.updated_at}
    await session.execute(insert(needs_records).values(
        opportunity_id=uuid.UUID(record.opportunity_id), **values).on_conflict_do_update(
        index_elements=["opportunity_id"], set_=values))
