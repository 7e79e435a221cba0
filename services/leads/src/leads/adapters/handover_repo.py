"""The open leads of a leaver, a batch at a time (service_layer/leaver_handover.py)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.orm import leads

# Open: someone's to follow up. new/unassignable leads have no owner; disqualified and
# merged leads are history and stay with whoever worked them. Qualified leads follow
# their deals to the deals' successor (leaver_handover.hand_over_qualified_leads).
OPEN = ("assigned", "contacted")
QUALIFIED = ("qualified",)


async def open_lead_ids(session: AsyncSession, *, owner_id: str,
                        region_ids: Collection[str] | None, limit: int,
                        skip: Collection[str] = (), statuses: Collection[str] = OPEN
                        ) -> list[str]:
    """Up to `limit` ids of the owner's open leads, oldest first (`leads_owner` index);
    only those of `region_ids` when given (a manager moves their regions' leads); not
    those in `skip` (leads this run already tried and could not place). `statuses`:
    (QUALIFIED,) for the qualified leads that follow their deals."""
    query = (select(leads.c.id).where(leads.c.owner_id == owner_id,
                                      leads.c.status.in_(list(statuses)))
             .order_by(leads.c.created_at, leads.c.id).limit(limit))
    if region_ids is not None:
        query = query.where(leads.c.region_id.in_(list(region_ids)))
    if skip:
        query = query.where(leads.c.id.notin_([uuid.UUID(i) for i in skip]))
    return [str(i) for i in (await session.execute(query)).scalars()]
