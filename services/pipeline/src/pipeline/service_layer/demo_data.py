"""Demo data of the pipeline's own (demo mode only, idempotent): the product catalogue,
and an accepted quote for every won deal that has none, so "customers like this also
chose" has won deals to learn from on first start."""

from __future__ import annotations

from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from uuid6 import uuid7

from pipeline.adapters import catalogue_repo, quotes_repo, recommend_repo
from pipeline.domain.demo_quotes import demo_basket
from pipeline.domain.pricing import price_lines, totals_of
from pipeline.domain.quotes import ACCEPTED, Quote
from pipeline.service_layer.deps import SOURCE


async def seed_demo_catalogue(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Products of the demo catalogue that are missing; an admin's edits are kept."""
    async with UnitOfWork(sessions, source=SOURCE) as uow:
        added = await catalogue_repo.seed_demo(uow.session)
        await uow.commit()
    return added


async def seed_demo_quotes(sessions: async_sessionmaker[AsyncSession]) -> int:
    """An accepted quote (the demo basket of its industry and scale) for each won deal
    without one. History, not news: no pipeline.quote_issued is published for them."""
    async with UnitOfWork(sessions, source=SOURCE) as uow:
        catalogue = await catalogue_repo.catalogue(uow.session)
        won = await recommend_repo.won_without_accepted_quote(uow.session)
        for deal in won:
            lines = price_lines(demo_basket(industry=deal.industry, scale=deal.scale,
                                            key=deal.name_key), catalogue)
            # Issued when the deal reached 报价 and accepted when it went on to 签约, as the
            # history has them: the quote-turnaround KPI scores these dates.
            closed = deal.stage_entered_at or deal.created_at
            issued = deal.quoted_at or closed
            accepted = max(deal.contracting_at or closed, issued)
            quote = Quote(
                id=str(uuid7()), opportunity_id=str(deal.id), lines=lines,
                version=await quotes_repo.next_version(uow.session,
                                                       opportunity_id=str(deal.id)),
                totals=totals_of(lines, 0), created_by=deal.owner_id,
                created_at=deal.created_at, state=ACCEPTED, issued_by=deal.owner_id,
                issued_at=issued, accepted_by=deal.owner_id, accepted_at=accepted)
            await quotes_repo.add(uow.session, quote, idempotency_key=None)
        await uow.commit()
    return len(won)


async def seed_demo(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    """Catalogue first (the baskets are priced from it), then the won deals' quotes."""
    return await seed_demo_catalogue(sessions), await seed_demo_quotes(sessions)
