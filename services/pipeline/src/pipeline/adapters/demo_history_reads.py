"""The demo history as the pipeline stores it, read back in a few statements (not one
query per deal): the deals with their customer and signed contract, their stage moves,
reported visits, needs records and first quotes — what `demo_history_events` tells."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.demo_history_repo import CREATED_BY

HISTORY_TYPE = "pipeline.deal_history_recorded"

_DEALS = text("""
SELECT o.id, o.title, o.amount_fen, o.owner_id, o.owner_username, o.region_id, o.lead_id,
       o.process_version, o.created_at, o.status, o.stage_entered_at,
       a.id AS account_id, a.name AS account_name, a.industry, a.scale,
       c.id AS contract_id, c.signed_at, c.product_codes
  FROM opportunities o
  JOIN accounts a ON a.id = o.account_id
  LEFT JOIN LATERAL (SELECT id, signed_at, product_codes FROM contracts
                      WHERE opportunity_id = o.id AND status = 'signed'
                      ORDER BY created_at DESC LIMIT 1) c ON true
 WHERE o.created_by = :by ORDER BY o.created_at, o.id""")
_OF_DEMO = "opportunity_id IN (SELECT id FROM opportunities WHERE created_by = :by)"
_CHANGES = text(f"SELECT opportunity_id, from_stage, to_stage, by_user_id, reason, at"
                f" FROM stage_changes WHERE {_OF_DEMO} ORDER BY at, id")
_VISITS = text(f"SELECT id, opportunity_id, rep_id, first, checked_in_at, reported_at"
               f" FROM visits WHERE {_OF_DEMO} AND reported_at IS NOT NULL"
               f" ORDER BY reported_at, id")
_NEEDS = text(f"SELECT opportunity_id, complete, data, updated_at FROM needs_records"
              f" WHERE {_OF_DEMO}")
_QUOTES = text(f"""
SELECT q.id, q.opportunity_id, q.version, q.subtotal_fen, q.discount_bp, q.discount_fen,
       q.total_fen, q.issued_by, q.issued_at
  FROM quotes q WHERE q.{_OF_DEMO} AND q.issued_at IS NOT NULL ORDER BY q.issued_at""")
_LINES = text("SELECT quote_id, product_code, product_name, kind, quantity, unit_price_fen,"
              " line_total_fen FROM quote_lines WHERE quote_id = ANY(:ids)"
              " ORDER BY quote_id, position")
_LOCK = text("SELECT pg_advisory_xact_lock(hashtext(:by))")
_TOLD = text("SELECT 1 FROM outbox WHERE type = :type LIMIT 1")


@dataclass
class RecordedDeal:
    """One deal of the history and everything it did, each list in time order."""

    row: Any
    changes: list[Any] = field(default_factory=list)
    visits: list[Any] = field(default_factory=list)
    needs: Any = None
    quotes: list[Any] = field(default_factory=list)
    lines: dict[str, list[Any]] = field(default_factory=dict)  # by quote id


async def already_told(session: AsyncSession) -> bool:
    """The history's events are in the outbox already (they are told once). Holds the
    seed's lock to the end of the transaction, so two seeds at once tell it once."""
    await session.execute(_LOCK, {"by": CREATED_BY})
    return (await session.execute(_TOLD, {"type": HISTORY_TYPE})).first() is not None


async def recorded(session: AsyncSession) -> list[RecordedDeal]:
    by = {"by": CREATED_BY}
    deals = {row.id: RecordedDeal(row) for row in await session.execute(_DEALS, by)}
    for row in await session.execute(_CHANGES, by):
        deals[row.opportunity_id].changes.append(row)
    for row in await session.execute(_VISITS, by):
        deals[row.opportunity_id].visits.append(row)
    for row in await session.execute(_NEEDS, by):
        deals[row.opportunity_id].needs = row
    quotes = list(await session.execute(_QUOTES, by))
    lines: dict[Any, list[Any]] = defaultdict(list)
    for row in await session.execute(_LINES, {"ids": [q.id for q in quotes]}):
        lines[row.quote_id].append(row)
    for q in quotes:
        deals[q.opportunity_id].quotes.append(q)
        deals[q.opportunity_id].lines[str(q.id)] = lines[q.id]
    return list(deals.values())
