"""List and export queries: scope and filters as SQL, keyset pages on (created_at, id)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime

from servicekit.db import scope_clause
from servicekit.scope import Scope
from sqlalchemy import Select, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.orm import leads
from leads.adapters.overdue import overdue_clause
from leads.adapters.repository import lead_from_row
from leads.domain.listing import LeadFilter
from leads.domain.model import Lead


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _query(scope: Scope, flt: LeadFilter) -> Select:
    query = select(leads).where(
        scope_clause(scope, owner=leads.c.owner_id, region=leads.c.region_id))
    for name in ("status", "owner_id", "region_id", "source"):
        if value := getattr(flt, name):
            query = query.where(leads.c[name] == value)
    if flt.overdue is not None:
        query = query.where(overdue_clause(flt.overdue))
    if flt.created_from:
        query = query.where(leads.c.created_at >= flt.created_from)
    if flt.created_to:
        query = query.where(leads.c.created_at < flt.created_to)
    if flt.q:
        # ILIKE '%q%' on three columns; each has a pg_trgm GIN index (BitmapOr).
        pattern = f"%{_escape_like(flt.q)}%"
        query = query.where(or_(*(leads.c[c].ilike(pattern, escape="\\")
                                  for c in ("name", "company", "phone"))))
    return query.order_by(leads.c.created_at.desc(), leads.c.id.desc())


async def page(session: AsyncSession, *, scope: Scope, flt: LeadFilter, limit: int,
               after: tuple[datetime, str] | None) -> list[Lead]:
    query = _query(scope, flt)
    if after is not None:
        query = query.where(tuple_(leads.c.created_at, leads.c.id)
                            < tuple_(after[0], uuid.UUID(after[1])))
    rows = (await session.execute(query.limit(limit))).all()
    return [lead_from_row(row) for row in rows]


async def stream(session: AsyncSession, *, scope: Scope, flt: LeadFilter,
                 batch: int = 1000) -> AsyncIterator[Lead]:
    """Every matching lead, fetched in keyset batches so memory stays flat."""
    after: tuple[datetime, str] | None = None
    while True:
        found = await page(session, scope=scope, flt=flt, limit=batch, after=after)
        for lead in found:
            yield lead
        if len(found) < batch:
            return
        after = (found[-1].created_at, found[-1].id)
