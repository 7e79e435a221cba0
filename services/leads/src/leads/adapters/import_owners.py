"""Per import and owner: its new leads placed with them and its rows that were their known
customers, added with each batch in the batch's transaction (a resumed job counts each
row once, like the job's own counters)."""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.imports_orm import import_owners

Owners = list[tuple[str, int, int]]  # owner id, assigned, returned
# The import's new leads nobody could take are counted as `assigned` to no owner (""): the
# same row, lock and transaction as the placed ones, without a table of their own.
NOBODY = ""


async def add(session: AsyncSession, *, import_id: uuid.UUID, assigned: Counter[str],
              returned: Counter[str]) -> None:
    rows = [{"import_id": import_id, "owner_id": owner, "assigned": assigned[owner],
             "returned": returned[owner]} for owner in sorted(assigned | returned)]
    if not rows:
        return
    stmt = insert(import_owners).values(rows)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[import_owners.c.import_id, import_owners.c.owner_id],
        set_={"assigned": import_owners.c.assigned + stmt.excluded.assigned,
              "returned": import_owners.c.returned + stmt.excluded.returned}))


async def of(session: AsyncSession, *, import_id: uuid.UUID) -> Owners:
    rows = await session.execute(
        select(import_owners.c.owner_id, import_owners.c.assigned, import_owners.c.returned)
        .where(import_owners.c.import_id == import_id).order_by(import_owners.c.owner_id))
    return [(r.owner_id, r.assigned, r.returned) for r in rows]
