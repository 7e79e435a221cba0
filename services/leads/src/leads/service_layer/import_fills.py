"""An import batch's duplicate rows fill the gaps on their leads (domain/gap_fill.py):
a row kept "with warnings" (a bad optional cell dropped), fixed in errors.xlsx and
imported again, is a touch on its own lead, and now its corrected cells reach the lead.

Rows are applied in file order, each to the lead as the earlier ones left it: a customer
listed twice in one file is created by the first row and filled by the second with what
is still empty (in memory, before the new lead is inserted: one write). The stored leads
the batch touches are locked and read in one statement before the assignment turns are
taken (the assigner's order: leads, then turns) and written back in one UPDATE.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import lead_fills
from leads.domain.dedupe import Match
from leads.domain.history import Touch
from leads.domain.lead_wire import LeadView
from leads.domain.model import Lead


async def lock(session: AsyncSession, stored: Mapping[str, Any]) -> dict[str, Lead]:
    """The stored leads the batch's duplicates resolved to (`import_dedupe.survivors`),
    locked, by id."""
    return await lead_fills.lock(session, {str(row.id) for row in stored.values()})


def fill(dups: Sequence[tuple[LeadView, Match]], *, fresh: Mapping[str, Lead],
         stored: Mapping[str, Any], locked: Mapping[str, Lead]) -> list[tuple[str, ...]]:
    """What each duplicate row fills, in file order, applied to the leads in memory: the
    batch's new leads (`fresh`, not inserted yet) and the locked stored ones."""
    filled: list[tuple[str, ...]] = []
    for row, match in dups:
        target = fresh.get(match.lead_id)
        if target is None and (hit := stored.get(match.lead_id)) is not None:
            target = locked.get(str(hit.id))
        filled.append(target.fill_gaps(row) if target is not None else ())
    return filled


async def save(session: AsyncSession, locked: Mapping[str, Lead],
               touches: Sequence[Touch], inserted: set[str]) -> None:
    """The stored leads that recorded touches filled: written in one statement."""
    changed = {t.lead_id for t in touches if t.filled and t.id in inserted}
    await lead_fills.save(session, [lead for i, lead in locked.items() if i in changed])
