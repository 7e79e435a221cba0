"""Quotes and their lines; lists scoped through the deal they belong to."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from servicekit.db import scope_clause
from servicekit.scope import Scope
from sqlalchemy import (
    ColumnElement,
    and_,
    false,
    func,
    insert,
    or_,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.orm import accounts
from pipeline.adapters.orm import opportunities as opps
from pipeline.adapters.quotes_orm import quote_lines, quotes
from pipeline.domain.pricing import QuoteLine, Totals
from pipeline.domain.quote_delegates import Grant
from pipeline.domain.quotes import DRAFT, ISSUED, PENDING, Quote

_STATE = ("state", "approval", "approval_role", "decided_by", "decided_at", "decision_comment",
          "issued_by", "issued_at", "accepted_by", "accepted_at")


@dataclass(frozen=True)
class QuoteFilter:
    opportunity_id: str = ""
    state: str = ""
    approval: str = ""


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


async def add(session: AsyncSession, quote: Quote, *, idempotency_key: str | None,
              request_hash: str | None = None) -> None:
    t = quote.totals
    await session.execute(insert(quotes).values(
        id=uuid.UUID(quote.id), opportunity_id=uuid.UUID(quote.opportunity_id),
        version=quote.version, subtotal_fen=t.subtotal_fen, discount_bp=t.discount_bp,
        discount_fen=t.discount_fen, total_fen=t.total_fen, note=quote.note,
        created_by=quote.created_by, created_at=quote.created_at,
        idempotency_key=idempotency_key, request_hash=request_hash,
        **{name: getattr(quote, name) for name in _STATE}))
    await session.execute(insert(quote_lines), [
        {"quote_id": uuid.UUID(quote.id), "position": i, **vars(line)}
        for i, line in enumerate(quote.lines)])


async def save(session: AsyncSession, quote: Quote) -> None:
    await session.execute(update(quotes).where(quotes.c.id == uuid.UUID(quote.id)).values(
        **{name: getattr(quote, name) for name in _STATE}))


async def by_key(session: AsyncSession, *, created_by: str,
                 key: str) -> tuple[str, str | None] | None:
    """The quote this person's key made, and the fingerprint of that request."""
    row = (await session.execute(select(quotes.c.id, quotes.c.request_hash).where(
        quotes.c.created_by == created_by, quotes.c.idempotency_key == key))).first()
    return (str(row.id), row.request_hash) if row else None


async def next_version(session: AsyncSession, *, opportunity_id: str) -> int:
    newest = (await session.execute(select(func.max(quotes.c.version)).where(
        quotes.c.opportunity_id == uuid.UUID(opportunity_id)))).scalar_one()
    return (newest or 0) + 1


async def get(session: AsyncSession, *, quote_id: str, for_update: bool = False
              ) -> Quote | None:
    key = _uuid(quote_id)
    if key is None:
        return None
    query = select(quotes).where(quotes.c.id == key)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    return (await _with_lines(session, [row]))[0] if row else None


async def of_opportunity(session: AsyncSession, *, opportunity_id: str,
                         states: tuple[str, ...] = (), for_update: bool = False
                         ) -> list[Quote]:
    query = select(quotes).where(quotes.c.opportunity_id == uuid.UUID(opportunity_id))
    if states:
        query = query.where(quotes.c.state.in_(states))
    query = query.order_by(quotes.c.version.desc())
    rows = (await session.execute(query.with_for_update() if for_update else query)).all()
    return await _with_lines(session, rows)


async def of_opportunities(session: AsyncSession, *, opportunity_ids: list[str]
                           ) -> list[Quote]:
    """of_opportunity for several deals (each deal's newest version first), lines included,
    in two statements."""
    rows = (await session.execute(select(quotes).where(quotes.c.opportunity_id.in_(
        [uuid.UUID(i) for i in opportunity_ids])).order_by(
        quotes.c.opportunity_id, quotes.c.version.desc()))).all() if opportunity_ids else []
    return await _with_lines(session, rows)


async def waiting_discounts(session: AsyncSession) -> list[Quote]:
    """Every draft whose discount waits for a decision (a handful: asks outstanding)."""
    rows = (await session.execute(select(quotes).where(
        quotes.c.state == DRAFT, quotes.c.approval == PENDING)
        .order_by(quotes.c.created_at, quotes.c.id))).all()
    return await _with_lines(session, rows)


async def live_of(session: AsyncSession, *, opportunity_id: str) -> list[Quote]:
    """The draft or issued versions a new version supersedes, locked."""
    return await of_opportunity(session, opportunity_id=opportunity_id,
                                states=(DRAFT, ISSUED), for_update=True)


def _held(held: Sequence[Grant], delegate_id: str) -> ColumnElement[bool]:
    """quote_delegates.held_for as a WHERE clause: the list shows what a read allows."""
    if not held:
        return false()
    return and_(quotes.c.state == DRAFT, quotes.c.approval == PENDING,
                opps.c.owner_id != delegate_id,
                or_(*(and_(quotes.c.discount_bp <= g.max_bp,
                           scope_clause(g.scope, owner=opps.c.owner_id,
                                        region=opps.c.region_id)) for g in held)))


async def page(session: AsyncSession, *, scope: Scope, issued_only: bool, flt: QuoteFilter,
               limit: int, after: tuple[datetime, str] | None,
               held: Sequence[Grant] = (), delegate_id: str = "") -> list[Quote]:
    """`issued_only` (finance): every quote that left sales, whoever's deal it is. `held`:
    the pending discounts a delegate holds for away approvers, beyond their own scope."""
    visible: ColumnElement[bool] = (quotes.c.issued_at.is_not(None) if issued_only
                                    else or_(scope_clause(scope, owner=opps.c.owner_id,
                                                          region=opps.c.region_id),
                                             _held(held, delegate_id)))
    query = select(quotes).join(opps, opps.c.id == quotes.c.opportunity_id).where(visible)
    if flt.opportunity_id:
        deal = _uuid(flt.opportunity_id)
        query = query.where(quotes.c.opportunity_id == deal if deal else false())
    query = query.where(quotes.c.state == flt.state if flt.state else true())
    query = query.where(quotes.c.approval == flt.approval if flt.approval else true())
    if after is not None:
        query = query.where(tuple_(quotes.c.created_at, quotes.c.id)
                            < tuple_(after[0], uuid.UUID(after[1])))
    query = query.order_by(quotes.c.created_at.desc(), quotes.c.id.desc()).limit(limit)
    return await _with_lines(session, (await session.execute(query)).all())


async def _with_lines(session: AsyncSession, rows: Any) -> list[Quote]:
    ids = [row.id for row in rows]
    found = (await session.execute(select(quote_lines).where(quote_lines.c.quote_id.in_(ids))
                                   .order_by(quote_lines.c.quote_id, quote_lines.c.position))
             ).all() if ids else []
    lines: dict[uuid.UUID, list[QuoteLine]] = {}
    for r in found:
        lines.setdefault(r.quote_id, []).append(QuoteLine(
            r.product_code, r.product_name, r.kind, r.unit, r.quantity, r.unit_price_fen,
            r.line_total_fen))
    return [_quote(row, tuple(lines.get(row.id, ()))) for row in rows]


def _quote(row: Any, lines: tuple[QuoteLine, ...]) -> Quote:
    return Quote(
        id=str(row.id), opportunity_id=str(row.opportunity_id), version=row.version,
        lines=lines, totals=Totals(row.subtotal_fen, row.discount_bp, row.discount_fen,
                                   row.total_fen),
        created_by=row.created_by, created_at=row.created_at, note=row.note,
        **{name: getattr(row, name) for name in _STATE})


@dataclass(frozen=True)
class DealInfo:
    title: str
    account_name: str
    owner_id: str
    owner_username: str
    region_id: str
    stage: str = ""  # a discount waits, undecidable, while the deal is back before 方案设计


async def deal_info(session: AsyncSession, opportunity_ids: set[str]) -> dict[str, DealInfo]:
    """Title, customer and owner of each deal, for quote answers (one query per page)."""
    if not opportunity_ids:
        return {}
    rows = (await session.execute(
        select(opps.c.id, opps.c.title, opps.c.owner_id, opps.c.owner_username,
               opps.c.region_id, opps.c.stage, accounts.c.name)
        .join(accounts, accounts.c.id == opps.c.account_id)
        .where(opps.c.id.in_([uuid.UUID(i) for i in opportunity_ids])))).all()
    return {str(r.id): DealInfo(r.title, r.name, r.owner_id, r.owner_username, r.region_id,
                             r.stage)
            for r in rows}
