"""Contract lists: the deal's scope, or a part in the current approval round; keyset pages
newest first (servicekit.paging)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from servicekit.db import scope_clause
from servicekit.scope import Scope
from sqlalchemy import and_, exists, false, or_, select, tuple_
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.contracts_orm import approval_steps as steps
from pipeline.adapters.contracts_orm import contracts


@dataclass(frozen=True)
class ContractFilter:
    status: str = ""
    opportunity_id: str = ""
    awaiting_me: bool = False


def _in_round(user_id: str, *, pending_only: bool):  # type: ignore[no-untyped-def]
    who = (steps.c.approver_id == user_id) if pending_only else or_(
        steps.c.approver_id == user_id, steps.c.delegated_from == user_id,
        steps.c.escalate_to_id == user_id)
    where = [steps.c.contract_id == contracts.c.id, steps.c.round == contracts.c.round, who]
    if pending_only:
        where.append(steps.c.status == "pending")
    return exists().where(and_(*where))


async def page(session: AsyncSession, *, scope: Scope, user_id: str, flt: ContractFilter,
               limit: int, after: tuple[datetime, str] | None, submitted: bool = False,
               ) -> list[tuple[str, datetime]]:
    """(id, created_at) of one page; `submitted`: also every contract ever submitted
    (finance's view, contracting.may_see)."""
    query = select(contracts.c.id, contracts.c.created_at)
    if flt.awaiting_me:
        query = query.where(_in_round(user_id, pending_only=True))
    else:
        query = query.where(or_(
            scope_clause(scope, owner=contracts.c.owner_id, region=contracts.c.region_id),
            _in_round(user_id, pending_only=False),
            contracts.c.round > 0 if submitted else false()))
    if flt.status:
        query = query.where(contracts.c.status == flt.status)
    if flt.opportunity_id:
        try:
            query = query.where(contracts.c.opportunity_id == uuid.UUID(flt.opportunity_id))
        except ValueError:
            query = query.where(false())
    if after is not None:
        query = query.where(tuple_(contracts.c.created_at, contracts.c.id)
                            < tuple_(after[0], uuid.UUID(after[1])))
    query = query.order_by(contracts.c.created_at.desc(), contracts.c.id.desc()).limit(limit)
    return [(str(r.id), r.created_at) for r in (await session.execute(query)).all()]


async def latest_of_deals(session: AsyncSession, *, opportunity_ids: list[str]
                          ) -> dict[str, tuple[str, str]]:
    """Each deal's latest contract: deal id -> (contract id, status), for deal answers."""
    rows = await session.execute(
        select(contracts.c.opportunity_id, contracts.c.id, contracts.c.status)
        .ext(distinct_on(contracts.c.opportunity_id))
        .where(contracts.c.opportunity_id.in_([uuid.UUID(i) for i in opportunity_ids]))
        .order_by(contracts.c.opportunity_id, contracts.c.created_at.desc())
    ) if opportunity_ids else ()
    return {str(r.opportunity_id): (str(r.id), r.status) for r in rows}
