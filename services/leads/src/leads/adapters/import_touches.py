"""lead_touches rows for a batch of imported rows, one statement per batch.

Staged by binary COPY (import_staging.py), then `INSERT ... SELECT ... ON CONFLICT
(source, idempotency_key) DO NOTHING`: a row key already recorded (a re-import, a resumed
batch, a concurrent job) is skipped, and RETURNING says which touches are new, so only
those raise leads.touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.import_staging import stage
from leads.domain.history import Touch

_STAGE = "import_touches_stage"
_COLUMNS = (("id", "uuid"), ("lead_id", "uuid"), ("source", "text"), ("channel", "text"),
            ("summary", "text"), ("match_reason", "text"), ("idempotency_key", "text"),
            ("touched_at", "timestamptz"), ("filled", "text[]"))
_NAMES = ", ".join(name for name, _ in _COLUMNS)
_ROW = attrgetter(*(name for name, _ in _COLUMNS))
_INSERT = text(f"""
    INSERT INTO lead_touches ({_NAMES})
    SELECT {_NAMES} FROM pg_temp.{_STAGE}
    ON CONFLICT (source, idempotency_key) DO NOTHING
    RETURNING id
""")


async def insert(session: AsyncSession, touches: Sequence[Touch]) -> set[str]:
    """Inserts the touches whose key is new; returns the ids inserted."""
    if not touches:
        return set()
    await stage(session, _STAGE, _COLUMNS, [_ROW(t) for t in touches])
    return {str(row.id) for row in await session.execute(_INSERT)}
