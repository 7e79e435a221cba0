"""List and export queries: scope and filters as SQL, keyset pages on (created_at, id)."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import datetime

from servicekit.db import scope_clause
from servicekit.scope import Scope
from sqlalchemy import ColumnElement, Select, and_, literal, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.orm import bigrams, folded, leads
from leads.adapters.overdue import overdue_clause
from leads.adapters.repository import LEAD_COLUMNS, lead_from_row
from leads.domain.listing import LeadFilter
from leads.domain.model import Lead
from leads.domain.search import fold


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _query(scope: Scope, flt: LeadFilter) -> Select:
    query = select(*LEAD_COLUMNS).where(
        scope_clause(scope, owner=leads.c.owner_id, region=leads.c.region_id),
        # A lead merged by hand is its survivor's customer, read through the survivor (its
        # touches and merges); listed too it would be one customer twice. Rare rows, so a
        # residual filter on each index's range.
        leads.c.merged_into == "")
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
        query = query.where(_matches(flt.q))
    return query.order_by(leads.c.created_at.desc(), leads.c.id.desc())


# Stored phones are E.164 (domain.normalise): only such a fragment can be inside one,
# once the spaces, dashes and brackets people write numbers with are taken out.
_PHONE_FRAGMENT = re.compile(r"\+?[0-9]+")
_PHONE_SEPARATORS = re.compile(r"[\s\-()（）]")


def _phone_arms(digits: str) -> list[ColumnElement[bool]]:
    """The number anywhere in the phone; and, when it is written the way people dial it
    at home, its E.164 start too: a landline is given and read as 0510-8555 1234 (trunk
    0, stored +86510…), an abroad call as 0086 139… . The trunk form only as the number's
    start, so "0123", the last four digits of a mobile, still finds what it always did."""
    arms = [leads.c.phone.like(f"%{digits}%")]
    if digits.startswith("00") and len(digits) > 2:
        arms.append(leads.c.phone.like(f"+{digits[2:]}%"))
    elif digits.startswith("0") and len(digits) > 1:
        arms.append(leads.c.phone.like(f"+86{digits[1:]}%"))
    return arms


def _matches(q: str) -> ColumnElement[bool]:
    """fold(q) inside the folded name or company, or q's digits inside the phone, each arm
    answerable by an index (BitmapOr). Name and company through the bigrams of both
    (`search_grams`), which a lead's must contain for either to contain q, the folded LIKE
    then being the exact test (leads.domain.search: ÉCOLE is found by école, in any script
    as in ASCII); a q of one folded character has none, so that search reads leads newest
    first until the page is full. Phone through its trigrams, and only for digits: any
    other q is in no E.164 number, and a trigram index asked about Chinese text returns
    every row to recheck; "139 1234-5678" is looked for as 13912345678."""
    pattern = f"%{_escape_like(fold(q))}%"
    digits = _PHONE_SEPARATORS.sub("", q)
    arms = _phone_arms(digits) if _PHONE_FRAGMENT.fullmatch(digits) else []
    found = or_(*(folded(leads.c[name]).like(pattern, escape="\\")
                  for name in ("name", "company")))
    arms.append(and_(leads.c.search_grams.contains(bigrams(literal(q))), found)
                if len(fold(q)) > 1 else found)
    return or_(*arms)


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
