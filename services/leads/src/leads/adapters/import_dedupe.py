"""Stored leads an import batch may duplicate, found set-based: one query per batch.

Exact keys: `= ANY(array)` on each indexed column separately, an index scan with array
keys (joining against unnest() made the planner hash or merge the whole table once it was
large, and OR-ing the columns did the same). Fuzzy: `namesakes.close_namesakes` for
each row of the batch (joining on the contact name alone compared every namesake, ~1M
pairs a 5,000-row batch once the table held 250k leads). Python
(`domain/import_matching.py`, `dedupe.find_match`) still makes the final call.
Row keys already recorded (as a lead or a touch of source `import`) make re-imports no-ops.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.import_staging import stage
from leads.adapters.namesakes import close_namesakes
from leads.domain.dedupe import Identity, Known
from leads.domain.import_matching import Candidates
from leads.domain.lead_wire import LeadView

# The batch's keys, staged by COPY (import_staging.py: array parameters cost ~5x the
# client CPU); the queries read them from there.
_STAGE = "import_keys_stage"
_STAGED = (("pos", "int4"), ("idempotency_key", "text"), ("phone", "text"), ("email", "text"),
           ("wechat_id", "text"), ("contact", "text"), ("company", "text"))
_KEYS_OF = attrgetter("idempotency_key", "phone", "email", "wechat_id", "contact_key",
                      "company_key")
_COLS = "l.id, l.phone, l.email, l.wechat_id, l.company_key, l.name, l.merged_into"
_QUERY = text(f"""
    WITH u AS MATERIALIZED (
        SELECT contact, company, pos FROM pg_temp.{_STAGE}
         WHERE contact <> '' AND company <> '')
    SELECT 'phone' AS kind, -1 AS pos, {_COLS} FROM leads l
     WHERE l.phone <> '' AND l.phone = ANY(ARRAY(
        SELECT DISTINCT phone FROM pg_temp.{_STAGE} WHERE phone <> ''))
    UNION ALL
    SELECT 'email', -1, {_COLS} FROM leads l
     WHERE l.email <> '' AND l.email = ANY(ARRAY(
        SELECT DISTINCT email FROM pg_temp.{_STAGE} WHERE email <> ''))
    UNION ALL
    SELECT 'wechat_id', -1, {_COLS} FROM leads l
     WHERE l.wechat_id <> '' AND l.wechat_id = ANY(ARRAY(
        SELECT DISTINCT wechat_id FROM pg_temp.{_STAGE} WHERE wechat_id <> ''))
    UNION ALL
    SELECT 'fuzzy', u.pos, f.* FROM u CROSS JOIN LATERAL (
        {close_namesakes("u.contact", "u.company", _COLS)}) AS f
""")
_KEYS = f"ARRAY(SELECT idempotency_key FROM pg_temp.{_STAGE} WHERE idempotency_key <> '')"
_SEEN = text(f"""
    SELECT idempotency_key FROM leads
     WHERE source = :source AND idempotency_key = ANY({_KEYS})
    UNION
    SELECT idempotency_key FROM lead_touches
     WHERE source = :source AND idempotency_key = ANY({_KEYS})
""")


def _known(row: Any) -> Known:
    return Known(str(row.id), Identity(phone=row.phone, email=row.email,
                                       wechat_id=row.wechat_id, company_key=row.company_key,
                                       name=row.name), merged_into=row.merged_into)


async def candidates(session: AsyncSession, batch: Sequence[LeadView], *, source: str
                     ) -> Candidates:
    found = Candidates()
    if not batch:
        return found
    await stage(session, _STAGE, _STAGED, [
        (i, *_KEYS_OF(lead)) for i, lead in enumerate(batch)])
    found.seen_keys = {row.idempotency_key
                       for row in await session.execute(_SEEN, {"source": source})}
    for row in await session.execute(_QUERY):
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
