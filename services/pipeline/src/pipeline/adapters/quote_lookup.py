"""The accepted quote a contract is made from: its total and product codes; at submission,
the facts its discount is measured against.

Read with plain SQL on the quote tables (pipe-quotes owns their ORM): the contract only
needs these two facts, and copies them, so later edits to the catalogue never change a
contract or the DealWon it leads to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.domain.contract_discount import QuoteFacts


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


async def quote_facts(session: AsyncSession, *, quote_id: str) -> QuoteFacts | None:
    """The version, list subtotal and total of the quote a contract was made from, whatever
    its state now; None if it is gone (the caller refuses: a discount nobody can measure
    is not approved blind)."""
    try:
        key = uuid.UUID(quote_id)
    except ValueError:
        return None
    row = (await session.execute(text(
        "SELECT version, subtotal_fen, total_fen FROM quotes WHERE id = :id"),
        {"id": key})).first()
    return QuoteFacts(int(row.version), int(row.subtotal_fen), int(row.total_fen)) \
        if row else None
