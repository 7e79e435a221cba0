"""The seam where duplicate detection plugs into imports.

For now a row counts as `merged` when its phone, email or WeChat id exactly matches an existing
lead (one set-based query per batch) or an earlier row of the same file. The dedupe
module (branch `intake-dedupe`: phone/email/WeChat/fuzzy company) replaces
`existing_matches` with its matcher and records the touch on the existing lead; the
import code calls only this function.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.domain.model import Lead

# `= ANY(array)` on each indexed column separately: an index scan with array keys (one
# descent per value). Joining against unnest() made the planner hash or merge the whole
# table once it was large, and OR-ing both columns in one WHERE did the same.
_QUERY = text("""
    SELECT 'phone' AS kind, phone AS value FROM leads
     WHERE phone = ANY(CAST(:phones AS text[])) AND phone <> ''
    UNION ALL
    SELECT 'email', email FROM leads
     WHERE email = ANY(CAST(:emails AS text[])) AND email <> ''
    UNION ALL
    SELECT 'wechat_id', wechat_id FROM leads
     WHERE wechat_id = ANY(CAST(:wechats AS text[])) AND wechat_id <> ''
""")
_KINDS = ("phone", "email", "wechat_id")


async def existing_matches(session: AsyncSession, batch: Sequence[Lead]) -> set[int]:
    """Positions in `batch` of leads whose phone, email or WeChat id an existing lead has."""
    wanted = {kind: sorted({getattr(lead, kind) for lead in batch if getattr(lead, kind)})
              for kind in _KINDS}
    if not any(wanted.values()):
        return set()
    found = (await session.execute(_QUERY, {"phones": wanted["phone"], "emails":
                                            wanted["email"], "wechats": wanted["wechat_id"]}
                                   )).all()
    known = {(row.kind, row.value) for row in found}
    return {i for i, lead in enumerate(batch)
            if any((kind, getattr(lead, kind)) in known for kind in _KINDS
                   if getattr(lead, kind))}
