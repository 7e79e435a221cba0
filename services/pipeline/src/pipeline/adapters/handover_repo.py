"""A leaver's open deals and their open contracts change owner, a batch at a time
(service_layer/leaver_handover.py)."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.contracts_orm import contracts
from pipeline.adapters.orm import opportunities, owner_successors
from pipeline.domain.contract_status import CANCELLED, SIGNED
from pipeline.domain.stages import OPEN

# A signed or void contract is history: it stays with whoever signed or voided it.
_CLOSED_CONTRACTS = (SIGNED, CANCELLED)


async def move_open_deals(session: AsyncSession, *, from_user_id: str, to_user_id: str,
                          to_username: str, region_ids: Collection[str] | None,
                          limit: int) -> list[str]:
    """Up to `limit` of the leaver's open deals, oldest first, locked and given to the
    successor; their ids. Only those of `region_ids` when given (a manager's regions)."""
    o = opportunities.c
    pick = (select(o.id).where(o.owner_id == from_user_id, o.status == OPEN)
            .order_by(o.created_at, o.id).limit(limit).with_for_update())
    if region_ids is not None:
        pick = pick.where(o.region_id.in_(list(region_ids)))
    ids = list((await session.execute(pick)).scalars())
    if not ids:
        return []
    moved = await session.execute(
        update(opportunities).where(o.id.in_(ids))
        .values(owner_id=to_user_id, owner_username=to_username).returning(o.id))
    return sorted(str(i) for i in moved.scalars())


async def move_open_contracts(session: AsyncSession, *, deal_ids: list[str],
                              from_user_id: str, to_user_id: str) -> list[str]:
    """The leaver's contracts of these deals that are not signed or void (drafts, pending,
    approved, rejected) follow the deal; their ids."""
    c = contracts.c
    moved = await session.execute(
        update(contracts)
        .where(c.opportunity_id.in_([uuid.UUID(i) for i in deal_ids]),
               c.owner_id == from_user_id, c.status.not_in(_CLOSED_CONTRACTS))
        .values(owner_id=to_user_id).returning(c.id))
    return sorted(str(i) for i in moved.scalars())


async def record_successor(session: AsyncSession, *, from_user_id: str, to_user_id: str,
                           at: datetime) -> None:
    """The leaver's latest successor (a later handover of the same leaver replaces it)."""
    row = {"from_user_id": from_user_id, "to_user_id": to_user_id, "at": at}
    await session.execute(pg_insert(owner_successors).values(**row).on_conflict_do_update(
        index_elements=[owner_successors.c.from_user_id],
        set_={"to_user_id": to_user_id, "at": at}))


async def successors(session: AsyncSession) -> dict[str, str]:
    """Leaver → successor, every recorded handover (one row per person who ever left)."""
    rows = await session.execute(select(owner_successors.c.from_user_id,
                                        owner_successors.c.to_user_id))
    return {r.from_user_id: r.to_user_id for r in rows}
