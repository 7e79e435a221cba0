"""The won deals of the demo history that have an accepted quote but no contract, and
the signed amount each then takes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.orm import opportunities

_WON_WITHOUT_CONTRACT = text("""
SELECT o.id, o.owner_id, o.region_id, o.title, o.created_at, o.stage_entered_at,
       a.name AS account_name, q.id AS quote_id, q.total_fen,
       ARRAY(SELECT l.product_code FROM quote_lines l WHERE l.quote_id = q.id
              ORDER BY l.position) AS product_codes
  FROM opportunities o
  JOIN accounts a ON a.id = o.account_id
  JOIN LATERAL (SELECT id, total_fen FROM quotes
                 WHERE opportunity_id = o.id AND state = 'accepted'
                 ORDER BY version DESC LIMIT 1) q ON true
 WHERE o.status = 'won' AND o.created_by = :created_by
   AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.opportunity_id = o.id)
 ORDER BY o.created_at""")


async def won_without_contract(session: AsyncSession, *, created_by: str) -> list[Any]:
    return list((await session.execute(_WON_WITHOUT_CONTRACT,
                                       {"created_by": created_by})).all())


async def take_signed_amount(session: AsyncSession, *, opportunity_id: Any,
                             amount_fen: int) -> None:
    """A won deal is worth what its customer signed, as live (deal_won.take_signed_amount):
    the deal lists, analytics and the deal_won the history tells then show one amount."""
    await session.execute(update(opportunities).where(
        opportunities.c.id == opportunity_id).values(amount_fen=amount_fen))
