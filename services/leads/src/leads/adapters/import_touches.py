"""lead_touches rows for a batch of imported rows, one statement per batch.

`INSERT ... SELECT FROM unnest(arrays) ON CONFLICT (source, idempotency_key) DO NOTHING`:
a row key already recorded (a re-import, a resumed batch, a concurrent job) is skipped,
and RETURNING says which touches are new, so only those raise leads.touched.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.domain.history import Touch

_INSERT = text("""
    INSERT INTO lead_touches (id, lead_id, source, channel, summary, match_reason,
                              idempotency_key, touched_at)
    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:lead_ids AS uuid[]),
                         CAST(:sources AS text[]), CAST(:channels AS text[]),
                         CAST(:summaries AS text[]), CAST(:reasons AS text[]),
                         CAST(:keys AS text[]), CAST(:times AS timestamptz[]))
    ON CONFLICT (source, idempotency_key) DO NOTHING
    RETURNING id
""")


async def insert(session: AsyncSession, touches: Sequence[Touch]) -> set[str]:
    """Inserts the touches whose key is new; returns the ids inserted."""
    if not touches:
        return set()
    result = await session.execute(_INSERT, {
        # Ids go as text (asyncpg parses them in C): uuid.UUID() was ~3 us a touch.
        "ids": [t.id for t in touches], "lead_ids": [t.lead_id for t in touches],
        "sources": [t.source for t in touches], "channels": [t.channel for t in touches],
        "summaries": [t.summary for t in touches],
        "reasons": [t.match_reason for t in touches],
        "keys": [t.idempotency_key for t in touches],
        "times": [t.touched_at for t in touches]})
    return {str(row.id) for row in result}
