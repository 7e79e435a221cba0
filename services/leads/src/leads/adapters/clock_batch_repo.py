"""Many first-contact clocks in one statement each. Callers own the transaction.

Constant statement texts with one array parameter per column: a batch of any size is
the same prepared statement (a multi-row VALUES list was new SQL per batch size).
A clock's deadline rows carry the clock's start — the assignment's `assigned_at` — in
`created_at`: that is how a repeated leads.assigned (redelivery, or an intake that
started the clock inline) is recognised as a clock already running.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from servicekit.ids import uuid7_texts
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.domain.first_contact import Deadline

# The events (by position) whose owner still holds the lead and whose clock has not been
# started yet. Each arm of the check is an index lookup.
_NEEDING = text("""
SELECT e.i FROM unnest(CAST(:lead AS uuid[]), CAST(:owner AS text[]),
                       CAST(:at AS timestamptz[])) WITH ORDINALITY AS e(lead_id, owner_id, at, i)
  JOIN leads l ON l.id = e.lead_id AND l.status = 'assigned' AND l.owner_id = e.owner_id
 WHERE NOT EXISTS (SELECT 1 FROM first_contact_deadlines d
                    WHERE d.lead_id = e.lead_id AND d.owner_id = e.owner_id
                      AND d.created_at = e.at)
""")

# The rows of `deadline_rows` as a table, for the statements that insert them.
DEADLINE_ROWS = ("unnest(CAST(:d_id AS uuid[]), CAST(:d_lead AS uuid[]), CAST(:d_owner AS text[]),"
                 " CAST(:d_kind AS text[]), CAST(:d_due AS timestamptz[]),"
                 " CAST(:d_start AS timestamptz[]))")
# A lead's earlier pending deadlines cancelled, the new ones added, its due time stamped.
# The UPDATE reads the statement's snapshot, so it never sees the rows the INSERT adds.
_RESTART = text(f"""
WITH cancelled AS (
  UPDATE first_contact_deadlines d SET cancelled_at = v.at
    FROM unnest(CAST(:lead AS uuid[]), CAST(:start AS timestamptz[])) AS v(lead_id, at)
   WHERE d.lead_id = v.lead_id AND d.fired_at IS NULL AND d.cancelled_at IS NULL
  RETURNING 1),
added AS (
  INSERT INTO first_contact_deadlines (id, lead_id, owner_id, kind, due_at, created_at)
  SELECT * FROM {DEADLINE_ROWS}
  RETURNING 1),
stamped AS (
  UPDATE leads l SET first_contact_due_at = v.due, updated_at = now()
    FROM unnest(CAST(:lead AS uuid[]), CAST(:due AS timestamptz[])) AS v(id, due)
   WHERE l.id = v.id
  RETURNING 1)
SELECT (SELECT count(*) FROM cancelled), (SELECT count(*) FROM added),
       (SELECT count(*) FROM stamped)
""")

Clock = tuple[str, datetime, Sequence[Deadline]]  # owner, start, deadlines


async def needing_clock(session: AsyncSession,
                        events: Sequence[tuple[str, str, datetime]]) -> list[int]:
    """Of these (lead id, owner id, assigned_at), the positions that should start a
    clock: the owner still holds the lead, and no clock was started for this moment."""
    if not events:
        return []
    rows = await session.execute(_NEEDING, {
        "lead": [uuid.UUID(lead) for lead, _, _ in events],
        "owner": [owner for _, owner, _ in events], "at": [at for _, _, at in events]})
    return sorted(int(i) - 1 for i in rows.scalars())


def deadline_rows(clocks: dict[str, Clock]) -> dict[str, list[object]]:
    """The deadline rows of these clocks, column-wise (the `d_*` parameters); ids made
    lead ids as text (asyncpg takes str for uuid)."""
    rows: dict[str, list[object]] = {f"d_{n}": [] for n in
                                     ("lead", "owner", "kind", "due", "start")}
    for lead_id, (owner, start, due) in clocks.items():
        for deadline in due:
            rows["d_lead"].append(lead_id)
            rows["d_owner"].append(owner)
            rows["d_kind"].append(deadline.kind)
            rows["d_due"].append(deadline.due_at)
            rows["d_start"].append(start)
    return {"d_id": uuid7_texts(len(rows["d_lead"])), **rows}


async def restart_clocks(session: AsyncSession, clocks: dict[str, Clock]) -> None:
    """For each lead id -> (owner, start, deadlines): cancels the lead's pending
    deadlines as of `start`, inserts the new ones, stamps the lead's due time."""
    if not clocks:
        return
    await session.execute(_RESTART, {
        "lead": [uuid.UUID(lead_id) for lead_id in clocks],
        "start": [start for _, start, _ in clocks.values()],
        "due": [due[-1].due_at for _, _, due in clocks.values()],
        **deadline_rows(clocks)})
