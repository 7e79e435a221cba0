"""An import's first-contact thresholds per owner: armed with each batch, counted when due.
Callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from servicekit.ids import uuid7_texts
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.clock_batch_repo import Clock

# A later batch of the same import moves the group's moment to its own last lead and arms
# it again should it have fired already: the next count then covers every lead so far.
_ARM = text("""
INSERT INTO import_clocks (id, import_id, owner_id, kind, due_at)
SELECT g.id, :import_id, g.owner_id, g.kind, g.due_at
  FROM unnest(CAST(:id AS uuid[]), CAST(:owner AS text[]), CAST(:kind AS text[]),
              CAST(:due AS timestamptz[])) AS g(id, owner_id, kind, due_at)
ON CONFLICT ON CONSTRAINT import_clocks_group DO UPDATE
   SET due_at = GREATEST(import_clocks.due_at, excluded.due_at), fired_at = NULL
""")

# The import's leads whose threshold of this kind has passed and that still wait for this
# owner's first contact: theirs, assigned (not contacted), not merged away, clock running.
_COUNT = text("""
SELECT count(*) AS leads, min(l.first_contact_due_at) AS first_due,
       max(l.first_contact_due_at) AS last_due, max(l.owner_username) AS owner_username,
       coalesce(array_agg(DISTINCT l.region_id), '{}') AS regions, max(i.filename) AS file
  FROM first_contact_deadlines d
  JOIN leads l ON l.id = d.lead_id AND l.owner_id = d.owner_id AND l.status = 'assigned'
              AND l.merged_into = ''
  JOIN imports i ON i.id = d.import_id
 WHERE d.import_id = :import_id AND d.owner_id = :owner_id AND d.kind = :kind
   AND d.cancelled_at IS NULL AND d.due_at <= :at
""")


@dataclass(frozen=True)
class Waiting:
    """The leads an import gave one owner that passed one threshold without contact."""

    leads: int
    first_due: datetime | None
    last_due: datetime | None
    owner_username: str
    region_ids: tuple[str, ...]
    file_name: str


async def arm(session: AsyncSession, *, import_id: uuid.UUID, clocks: dict[str, Clock]) -> None:
    """Per owner and kind of the batch's clocks, the moment its last lead passes it."""
    due: dict[tuple[str, str], datetime] = {}
    for owner, _, deadlines in clocks.values():
        for deadline in deadlines:
            key = (owner, deadline.kind)
            due[key] = max(due.get(key, deadline.due_at), deadline.due_at)
    if not due:
        return
    keys: Sequence[tuple[str, str]] = sorted(due)  # one lock order for concurrent batches
    await session.execute(_ARM, {
        "import_id": import_id, "id": uuid7_texts(len(keys)),
        "owner": [owner for owner, _ in keys], "kind": [kind for _, kind in keys],
        "due": [due[key] for key in keys]})


async def waiting(session: AsyncSession, *, import_id: uuid.UUID, owner_id: str, kind: str,
                  at: datetime) -> Waiting:
    row = (await session.execute(_COUNT, {"import_id": import_id, "owner_id": owner_id,
                                          "kind": kind, "at": at})).one()
    return Waiting(leads=int(row.leads), first_due=row.first_due, last_due=row.last_due,
                   owner_username=row.owner_username or "",
                   region_ids=tuple(r for r in row.regions if r), file_name=row.file or "")
