"""Stored leads an import batch may duplicate, found set-based: one query per batch.

Exact keys: `= ANY(array)` on each indexed column separately, an index scan with array
keys (joining against unnest() made the planner hash or merge the whole table once it was
large, and OR-ing the columns did the same). Fuzzy: the batch's (contact name, company
key) pairs joined through the blocking indexes (same contact and the same first or last
character of the company key, or a pair long enough for two edits; see
`import_matching.may_be_similar`): joining on the contact name alone compared every
namesake, ~1M pairs a 5,000-row batch once the table held 250k leads. PostgreSQL keeps
only pairs whose Indel distance (`levenshtein` with substitution cost 2, fuzzystrmatch)
can reach rapidfuzz's ratio threshold, so nothing needless travels back.
Python (`domain/import_matching.py`, `dedupe.find_match`) still makes the final call.
Row keys already recorded (as a lead or a touch of source `import`) make re-imports no-ops.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.domain.dedupe import FUZZY_THRESHOLD, Identity, Known
from leads.domain.import_matching import EXACT, LONG_PAIR, Candidates
from leads.domain.lead_wire import LeadView

_COLS = "l.id, l.phone, l.email, l.wechat_id, l.company_key, l.name, l.merged_into"
# 10 * d <= len_a + len_b  <=>  ratio = 100 * (1 - d / (len_a + len_b)) >= 90
_SLACK = round(100 / (100 - FUZZY_THRESHOLD))
# The fuzzy candidates come through the three blocking indexes (domain/import_matching.py
# `may_be_similar`; migration 20261128_fuzzy_blocking), each branch an index lookup per
# row (LATERAL ... OFFSET 0 keeps it a per-row index lookup: flattened, the planner hashed
# the whole table for the length branch), and only then pay for the distance.
_CLOSE = f"""
       AND l.contact_key <> '' AND l.company_key <> ''
       AND {_SLACK} * abs(length(l.company_key) - length(u.company))
           <= length(l.company_key) + length(u.company)
       AND {_SLACK} * public.levenshtein(l.company_key, u.company, 1, 1, 2)
           <= length(l.company_key) + length(u.company)"""
_QUERY = text(f"""
    WITH u AS MATERIALIZED (
        SELECT * FROM unnest(CAST(:contacts AS text[]), CAST(:companies AS text[]),
                             CAST(:positions AS int4[])) AS u(contact, company, pos))
    SELECT 'phone' AS kind, -1 AS pos, {_COLS} FROM leads l
     WHERE l.phone = ANY(CAST(:phones AS text[])) AND l.phone <> ''
    UNION ALL
    SELECT 'email', -1, {_COLS} FROM leads l
     WHERE l.email = ANY(CAST(:emails AS text[])) AND l.email <> ''
    UNION ALL
    SELECT 'wechat_id', -1, {_COLS} FROM leads l
     WHERE l.wechat_id = ANY(CAST(:wechats AS text[])) AND l.wechat_id <> ''
    UNION ALL
    SELECT * FROM (
        SELECT 'fuzzy' AS kind, u.pos, l.* FROM u, LATERAL (SELECT {_COLS} FROM leads l
            WHERE l.contact_key = u.contact AND left(l.company_key, 1) = left(u.company, 1)
            {_CLOSE} OFFSET 0) AS l
        UNION
        SELECT 'fuzzy', u.pos, l.* FROM u, LATERAL (SELECT {_COLS} FROM leads l
            WHERE l.contact_key = u.contact AND right(l.company_key, 1) = right(u.company, 1)
            {_CLOSE} OFFSET 0) AS l
        UNION
        SELECT 'fuzzy', u.pos, l.* FROM u, LATERAL (SELECT {_COLS} FROM leads l
            WHERE l.contact_key = u.contact
              AND length(l.company_key) >= {LONG_PAIR} - length(u.company)
            {_CLOSE} OFFSET 0) AS l) AS fuzzy
""")
_SEEN = text("""
    SELECT idempotency_key FROM leads
     WHERE source = :source AND idempotency_key = ANY(CAST(:keys AS text[]))
    UNION
    SELECT idempotency_key FROM lead_touches
     WHERE source = :source AND idempotency_key = ANY(CAST(:keys AS text[]))
""")


def _known(row: Any) -> Known:
    return Known(str(row.id), Identity(phone=row.phone, email=row.email,
                                       wechat_id=row.wechat_id, company_key=row.company_key,
                                       name=row.name), merged_into=row.merged_into)


async def candidates(session: AsyncSession, batch: Sequence[LeadView], *, source: str
                     ) -> Candidates:
    found = Candidates()
    keys = [lead.idempotency_key for lead in batch if lead.idempotency_key]
    if keys:
        rows = await session.execute(_SEEN, {"source": source, "keys": keys})
        found.seen_keys = {row.idempotency_key for row in rows}
    wanted = {kind: sorted({getattr(lead, kind) for lead in batch if getattr(lead, kind)})
              for kind in EXACT}
    fuzzy = [(lead.contact_key, lead.company_key, i) for i, lead in enumerate(batch)
             if lead.contact_key and lead.company_key]
    if not any(wanted.values()) and not fuzzy:
        return found
    rows = await session.execute(_QUERY, {
        "phones": wanted["phone"], "emails": wanted["email"], "wechats": wanted["wechat_id"],
        "contacts": [f[0] for f in fuzzy], "companies": [f[1] for f in fuzzy],
        "positions": [f[2] for f in fuzzy]})
    for row in rows:
        if row.kind == "fuzzy":
            found.fuzzy.setdefault(row.pos, []).append(_known(row))
        else:
            found.exact.setdefault((row.kind, getattr(row, row.kind)), []).append(_known(row))
    return found


_TARGETS = text("""
    SELECT id, owner_id, region_id, company, name, merged_into FROM leads
     WHERE id = ANY(CAST(:ids AS uuid[]))
""")


async def survivors(session: AsyncSession, lead_ids: set[str], *, depth: int = 10
                    ) -> dict[str, Any]:
    """Each matched stored lead -> the row of the lead it resolves to: itself, or the lead
    it was merged into by hand (following the chain), whose owner hears of the touch."""
    rows: dict[str, Any] = {}
    todo = set(lead_ids)
    for _ in range(depth + 1):
        if not todo:
            break
        fetched = await session.execute(_TARGETS, {"ids": sorted(todo)})
        for row in fetched:
            rows[str(row.id)] = row
        todo = {r.merged_into for r in rows.values() if r.merged_into} - rows.keys()
    resolved = {}
    for lead_id in lead_ids:
        row, hops = rows.get(lead_id), 0
        while row is not None and row.merged_into and row.merged_into in rows and hops < depth:
            row, hops = rows[row.merged_into], hops + 1
        if row is not None:
            resolved[lead_id] = row
    return resolved
