"""Deadlines of the first-contact clock, the contact log, and lifecycle columns of a lead.
Callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.clock_orm import first_contact_deadlines as deadlines
from leads.adapters.clock_orm import lead_contacts as contacts
from leads.adapters.orm import leads
from leads.domain.lifecycle import Contact
from leads.domain.model import Lead


async def stop_clock(session: AsyncSession, *, lead_id: str, now: datetime) -> int:
    """Cancels the lead's deadlines that have not fired; returns how many."""
    result = await session.execute(
        update(deadlines).where(deadlines.c.lead_id == uuid.UUID(lead_id),
                                deadlines.c.fired_at.is_(None),
                                deadlines.c.cancelled_at.is_(None))
        .values(cancelled_at=now))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def fired_for_owner_since(session: AsyncSession, *, lead_id: str, owner_id: str,
                                since: datetime) -> tuple[bool, uuid.UUID | None]:
    """Whether a deadline of the owner's clock on this lead fell due (fired) since then,
    and the import that clock belongs to (None: not an import's lead)."""
    found = (await session.execute(
        select(deadlines.c.import_id).where(deadlines.c.lead_id == uuid.UUID(lead_id),
                                            deadlines.c.owner_id == owner_id,
                                            deadlines.c.fired_at >= since,
                                            deadlines.c.cancelled_at.is_(None)).limit(1))).first()
    return (found is not None, found.import_id if found is not None else None)


async def mark_imported(session: AsyncSession, *, lead_id: str, import_id: uuid.UUID) -> None:
    """The lead's running deadlines belong to its import (told per owner in its summary,
    never reassigned, outside the per-lead KPI), as those of its first clock did."""
    await mark_all_imported(session, lead_ids=[lead_id], import_id=import_id)


async def mark_all_imported(session: AsyncSession, *, lead_ids: Sequence[str],
                            import_id: uuid.UUID) -> None:
    """`mark_imported` for many leads of one import, in one statement."""
    await session.execute(
        update(deadlines).where(deadlines.c.lead_id.in_([uuid.UUID(i) for i in lead_ids]),
                                deadlines.c.fired_at.is_(None),
                                deadlines.c.cancelled_at.is_(None))
        .values(import_id=import_id))


async def pending(session: AsyncSession, *, lead_id: str) -> list[Any]:
    rows = await session.execute(
        select(deadlines).where(deadlines.c.lead_id == uuid.UUID(lead_id),
                                deadlines.c.fired_at.is_(None),
                                deadlines.c.cancelled_at.is_(None))
        .order_by(deadlines.c.due_at))
    return list(rows.all())


async def save_lifecycle(session: AsyncSession, *, lead: Lead) -> None:
    """Writes what the clock and the lifecycle change on a lead."""
    await session.execute(
        update(leads).where(leads.c.id == uuid.UUID(lead.id)).values(
            status=lead.status, first_contact_due_at=lead.first_contact_due_at,
            first_contacted_at=lead.first_contacted_at,
            disqualified_reason=lead.disqualified_reason, updated_at=func.now()))


def _contact(row: Any) -> Contact:
    return Contact(id=str(row.id), lead_id=str(row.lead_id), rep_id=row.rep_id,
                   channel=row.channel, outcome=row.outcome, next_step=row.next_step,
                   next_step_at=row.next_step_at, contacted_at=row.contacted_at,
                   idempotency_key=row.idempotency_key)


async def contact_by_key(session: AsyncSession, *, lead_id: str, key: str) -> Contact | None:
    row = (await session.execute(select(contacts).where(
        contacts.c.lead_id == uuid.UUID(lead_id), contacts.c.idempotency_key == key))).first()
    return None if row is None else _contact(row)


async def add_contact(session: AsyncSession, *, contact: Contact) -> None:
    await session.execute(insert(contacts).values(
        id=uuid.UUID(contact.id), lead_id=uuid.UUID(contact.lead_id), rep_id=contact.rep_id,
        channel=contact.channel, outcome=contact.outcome, next_step=contact.next_step,
        next_step_at=contact.next_step_at, contacted_at=contact.contacted_at,
        idempotency_key=contact.idempotency_key))


async def list_contacts(session: AsyncSession, *, lead_id: str,
                        after: tuple[datetime, str] | None, limit: int) -> list[Contact]:
    """Oldest first; `after` is the (contacted_at, id) of the previous page's last item."""
    query = select(contacts).where(contacts.c.lead_id == uuid.UUID(lead_id))
    if after is not None:
        at, last_id = after
        query = query.where(or_(contacts.c.contacted_at > at, and_(
            contacts.c.contacted_at == at, contacts.c.id > uuid.UUID(last_id))))
    rows = await session.execute(
        query.order_by(contacts.c.contacted_at, contacts.c.id).limit(limit))
    return [_contact(row) for row in rows.all()]
