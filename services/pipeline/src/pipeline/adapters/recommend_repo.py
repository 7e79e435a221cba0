"""What similar customers bought: per peer account, every product on the accepted
quotes of its won deals (one query)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.orm import accounts, stage_changes
from pipeline.adapters.orm import opportunities as opps
from pipeline.adapters.quotes_orm import quote_lines, quotes
from pipeline.domain import stages
from pipeline.domain.quotes import ACCEPTED


async def peer_baskets(session: AsyncSession, *, industry: str, scale: str | None,
                       except_account: str) -> list[frozenset[str]]:
    """`scale` None: every scale of the industry."""
    same_scale = accounts.c.scale == scale if scale is not None else true()
    rows = (await session.execute(
        select(opps.c.account_id, quote_lines.c.product_code).distinct()
        .join(accounts, accounts.c.id == opps.c.account_id)
        .join(quotes, quotes.c.opportunity_id == opps.c.id)
        .join(quote_lines, quote_lines.c.quote_id == quotes.c.id)
        .where(opps.c.status == stages.WON, quotes.c.state == ACCEPTED,
               accounts.c.industry == industry, same_scale,
               accounts.c.id != uuid.UUID(except_account)))).all()
    baskets: dict[uuid.UUID, set[str]] = {}
    for row in rows:
        baskets.setdefault(row.account_id, set()).add(row.product_code)
    return [frozenset(b) for b in baskets.values()]


async def won_without_accepted_quote(session: AsyncSession) -> list[Any]:
    """Won deals with no accepted quote (demo data made before quotes existed), with
    what a demo basket needs: owner, times (when it first reached 报价 and 签约), the
    account's industry, scale and key."""
    has_quote = select(quotes.c.id).where(quotes.c.opportunity_id == opps.c.id,
                                          quotes.c.state == ACCEPTED).exists()
    def entered(stage: str) -> Any:
        return (select(func.min(stage_changes.c.at))
                .where(stage_changes.c.opportunity_id == opps.c.id,
                       stage_changes.c.to_stage == stage).scalar_subquery())

    return list((await session.execute(
        select(opps.c.id, opps.c.owner_id, opps.c.created_at, opps.c.stage_entered_at,
               entered(stages.QUOTE).label("quoted_at"),
               entered(stages.CONTRACT).label("contracting_at"),
               accounts.c.industry, accounts.c.scale, accounts.c.name_key)
        .join(accounts, accounts.c.id == opps.c.account_id)
        .where(opps.c.status == stages.WON, ~has_quote).order_by(opps.c.created_at))).all())
