"""Process versions: read one, read the newest, add the next.

`current` seeds version 1 from the domain's default when the schema has none (the first
call after migrating; replicas racing insert with ON CONFLICT DO NOTHING), so the default
exists once, in tested code, and no deployment step can be forgotten.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.orm import process_versions as pv
from pipeline.domain.default_process import DEFAULT_STAGES
from pipeline.domain.process import Process, StageDef, from_dict


async def get(session: AsyncSession, *, version: int) -> Process | None:
    row = (await session.execute(select(pv).where(pv.c.version == version))).first()
    return from_dict(row.version, row.stages, created_at=row.created_at,
                     created_by=row.created_by) if row else None


async def current(session: AsyncSession) -> Process:
    newest = (await session.execute(select(func.max(pv.c.version)))).scalar_one()
    if newest is None:
        seed = Process(1, DEFAULT_STAGES)
        await session.execute(insert(pv).values(version=1, stages=seed.to_dict(),
                                                created_by="system").on_conflict_do_nothing())
        newest = 1
    found = await get(session, version=newest)
    assert found is not None
    return found


async def add_version(session: AsyncSession, *, stages: tuple[StageDef, ...],
                      created_by: str) -> Process:
    """The next version; concurrent admins serialise on a transaction lock."""
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext("process_versions"))))
    previous = await current(session)
    draft = Process(previous.version + 1, stages)
    await session.execute(insert(pv).values(version=draft.version, stages=draft.to_dict(),
                                            created_by=created_by))
    found = await get(session, version=draft.version)
    assert found is not None
    return found
