"""Deadlines of many first-contact clocks in three statements. Callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from leads.adapters.clock_orm import first_contact_deadlines as deadlines
from leads.adapters.orm import leads
from leads.domain.first_contact import Deadline

_CANCEL = (update(deadlines)
           .where(deadlines.c.lead_id == bindparam("lead"), deadlines.c.fired_at.is_(None),
                  deadlines.c.cancelled_at.is_(None))
           .values(cancelled_at=bindparam("now")))
_DUE = (update(leads).where(leads.c.id == bindparam("lead"))
        .values(first_contact_due_at=bindparam("due"), updated_at=func.now()))


async def restart_clocks(session: AsyncSession,
                         clocks: dict[str, tuple[str, datetime, Sequence[Deadline]]]) -> None:
    """For each lead id -> (owner, start, deadlines): cancels the lead's pending
    deadlines as of `start`, inserts the new ones, stamps the lead's due time."""
    if not clocks:
        return
    keys = {lead_id: uuid.UUID(lead_id) for lead_id in clocks}
    await session.execute(_CANCEL, [{"lead": keys[i], "now": start}
                                    for i, (_, start, _) in clocks.items()])
    await session.execute(insert(deadlines), [
        {"id": uuid7(), "lead_id": keys[i], "owner_id": owner, "kind": d.kind,
         "due_at": d.due_at} for i, (owner, _, due) in clocks.items() for d in due])
    await session.execute(_DUE, [{"lead": keys[i], "due": due[-1].due_at}
                                 for i, (_, _, due) in clocks.items()])
