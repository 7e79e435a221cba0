"""Demo data of the pipeline's own: the product catalogue (demo mode only, idempotent)."""

from __future__ import annotations

from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pipeline.adapters import catalogue_repo
from pipeline.service_layer.deps import SOURCE


async def seed_demo_catalogue(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Products of the demo catalogue that are missing; an admin's edits are kept."""
    async with UnitOfWork(sessions, source=SOURCE) as uow:
        added = await catalogue_repo.seed_demo(uow.session)
        await uow.commit()
    return added
