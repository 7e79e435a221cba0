"""The seam where duplicate detection plugs into imports.

For now a row counts as `merged` when its phone or email exactly matches an existing
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
    SELECT phone, '' AS email FROM leads
     WHERE phone = ANY(CAST(:phones AS text[])) AND phone <> ''
    UNION ALL
    SELECT '', email FROM leads
     WHERE email = ANY(CAST(:emails AS text[])) AND email <> ''
""")


async def existing_matches(session: AsyncSession, batch: Sequence[Lead]) -> set[int]:
    """Positions in `batch` of leads that match an existing lead."""
    phones = sorted({lead.phone for lead in batch if lead.phone})
    emails = sorted({lead.email for lead in batch if lead.email})
    if not phones and not emails:
        return set()
    found = (await session.execute(_QUERY, {"phones": phones, "emails": emails})).all()
    known_phones = {row.phone for row in found}
    known_emails = {row.email for row in found}
    return {i for i, lead in enumerate(batch)
            if (lead.phone and lead.phone in known_phones)
            or (lead.email and lead.email in known_emails)}
