"""The accepted quote a contract is made from: its total and product codes.

Read with plain SQL on the quote tables (pipe-quotes owns their ORM): the contract only
needs these two facts, and copies them, so later edits to the catalogue never change a
contract or the DealWon it leads to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class AcceptedQuote:
    id: str
    total_fen: int
    product_codes: tuple[str, ...]


async def accepted_quote(session: AsyncSession, *, quote_id: str,
                         opportunity_id: str) -> AcceptedQuote | None:
    """None unless the quote exists, belongs to the deal and is accepted."""
    try:
        key = uuid.UUID(quote_id)
    except ValueError:
        return None
    row = (await session.execute(text(
        "SELECT total_fen FROM quotes WHERE id = :id AND opportunity_id = :opp "
        "AND state = 'accepted'"), {"id": key, "opp": uuid.UUID(opportunity_id)})).first()
    if row is None:
        return None
    codes = (await session.execute(text(
        "SELECT product_code FROM quote_lines WHERE quote_id = :id ORDER BY position"),
        {"id": key})).scalars().all()
    return AcceptedQuote(str(key), int(row.total_fen), tuple(dict.fromkeys(codes)))


async def quote_total(session: AsyncSession, *, quote_id: str) -> int:
    """The total of the quote a contract was made from, whatever its state now (0 if it is
    gone: the contract's own price then stands alone)."""
    try:
        key = uuid.UUID(quote_id)
    except ValueError:
        return 0
    total = (await session.execute(text("SELECT total_fen FROM quotes WHERE id = :id"),
                                   {"id": key})).scalar()
    return int(total or 0)
