"""Escalation chains per department; a department without a row uses the default."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from workorders.adapters.orm import chains
from workorders.domain.chain import Chain, Level, default_chain


async def get(session: AsyncSession, department: str) -> tuple[Chain, str, datetime | None]:
    row = (await session.execute(select(chains).where(
        chains.c.department == department))).first()
    if row is None:
        return default_chain(department), "", None
    levels = tuple(Level(int(x["level"]), float(x["after_hours"])) for x in row.levels)
    return Chain(department, row.response_hours, levels), row.updated_by, row.updated_at


async def put(session: AsyncSession, chain: Chain, *, by: str, at: datetime) -> None:
    values = {"response_hours": chain.response_hours, "updated_by": by, "updated_at": at,
              "levels": [{"level": x.level, "after_hours": x.after_hours}
                         for x in chain.levels]}
    await session.execute(insert(chains).values(department=chain.department, **values)
                          .on_conflict_do_update(index_elements=["department"], set_=values))
