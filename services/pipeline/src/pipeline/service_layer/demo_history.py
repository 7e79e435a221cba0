"""`python -m pipeline seed-demo`'s history: a year of deals for 300 customers, written
once (a second run finds the marked deals and writes nothing). The reps come from the
gateway's OrgDirectory, so the deals belong to the demo company's real people."""

from __future__ import annotations

from datetime import datetime

from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pipeline.adapters import demo_history_repo, process_repo
from pipeline.domain.demo_history import Rep, history
from pipeline.service_layer.deps import SOURCE

SEED = "salesos-demo-1"


async def seed_history(sessions: async_sessionmaker[AsyncSession], reps: list[Rep], *,
                       now: datetime, customers: int = 300) -> int:
    """Deals written; 0 when the history is already there or there are no reps. History,
    not news: nothing is published (no consumer should act on last year's moves)."""
    if not reps:
        return 0
    async with UnitOfWork(sessions, source=SOURCE) as uow:
        if await demo_history_repo.already_seeded(uow.session):
            return 0
        process = await process_repo.current(uow.session)
        deals = history(SEED, reps, process, now=now, customers=customers)
        await demo_history_repo.write(uow.session, deals, process_version=process.version)
        await uow.commit()
    return len(deals)
