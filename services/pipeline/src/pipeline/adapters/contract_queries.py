"""Contract lists: the deal's scope, or a part in the current approval round; keyset pages
newest first (servicekit.paging).

A non-director's list is a union of parts (my own or each of my regions' contracts, a
manager's people's contracts wherever they are, the contracts whose current round names
me as approver, delegator or escalation target, and for finance every submitted one). As
one WHERE with OR, PostgreSQL could use no index under ORDER BY ... LIMIT and read every
approval step for each page. So each part is its
own subquery on its own index, read in page order and cut at the page size (the cursor
applied inside), and the union keeps the newest page of what they found: a page costs
about (parts x page size) index entries, however large the tables grow. The indexes are
in contracts_orm; a step carries its contract's created_at for them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from servicekit.scope import Scope
from sqlalchemy import ColumnElement, Select, and_, false, select, true, tuple_, union
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.contracts_orm import approval_steps as steps
from pipeline.adapters.contracts_orm import contracts
from pipeline.domain.contracts import typed_number

# Who of a step may read its contract while its round is the current one
# (contracting.may_see); the to-do list is the pending ones of the approver only.
_IN_ROUND = (steps.c.approver_id, steps.c.delegated_from, steps.c.escalate_to_id)


@dataclass(frozen=True)
class ContractFilter:
    status: str = ""
    opportunity_id: str = ""
    awaiting_me: bool = False
    number: str = ""


def _filters(flt: ContractFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if flt.status:
        found.append(contracts.c.status == flt.status)
    if flt.number:  # the unique constraint's index answers it
        found.append(contracts.c.number == typed_number(flt.number))
    if flt.opportunity_id:
        try:
            found.append(contracts.c.opportunity_id == uuid.UUID(flt.opportunity_id))
        except ValueError:
            found.append(false())
    return found


def _newest(query: Select[Any], created: Any, ident: Any, limit: int,
            after: tuple[datetime, str] | None) -> Select[Any]:
    if after is not None:
        query = query.where(tuple_(created, ident) < tuple_(after[0], uuid.UUID(after[1])))
    return query.order_by(created.desc(), ident.desc()).limit(limit)


def _contracts_where(where: ColumnElement[bool], flt: ContractFilter, limit: int,
                     after: tuple[datetime, str] | None) -> Select[Any]:
    query = select(contracts.c.id, contracts.c.created_at).where(where, *_filters(flt))
    return _newest(query, contracts.c.created_at, contracts.c.id, limit, after)


def _steps_naming(who: Any, user_id: str, flt: ContractFilter, limit: int,
                  after: tuple[datetime, str] | None, *, pending_only: bool,
                  not_owner: str = "") -> Select[Any]:
    """Contracts whose current round has a step naming `user_id` in column `who`, read
    along the step index in the contracts' order; distinct, since one person may hold
    two steps of a round and the cut must count contracts."""
    where = [who == user_id, *_filters(flt)]
    if pending_only:
        where.append(steps.c.status == "pending")
    if not_owner:
        where.append(contracts.c.owner_id != not_owner)
    query = (select(steps.c.contract_id.label("id"),
                    steps.c.contract_created_at.label("created_at"))
             .distinct()
             .join(contracts, and_(contracts.c.id == steps.c.contract_id,
                                   contracts.c.round == steps.c.round))
             .where(*where))
    return _newest(query, steps.c.contract_created_at, steps.c.contract_id, limit, after)


def _parts(scope: Scope, user_id: str, flt: ContractFilter, limit: int,
           after: tuple[datetime, str] | None, submitted: bool) -> Sequence[Select[Any]]:
    if flt.awaiting_me:  # what they may decide (ApprovalRound.may_decide)
        return [_steps_naming(steps.c.approver_id, user_id, flt, limit, after,
                              pending_only=True),
                # an approver back early: their own steps still held by their delegate,
                # never on their own contract (a handover records the successor there)
                _steps_naming(steps.c.delegated_from, user_id, flt, limit, after,
                              pending_only=True, not_owner=user_id)]
    if scope.everything:
        return [_contracts_where(true(), flt, limit, after)]
    parts = [_contracts_where(contracts.c.region_id == region, flt, limit, after)
             for region in dict.fromkeys(scope.region_ids) if region]
    if scope.owner_id is not None:
        parts.append(_contracts_where(contracts.c.owner_id == scope.owner_id, flt, limit,
                                      after))
    if scope.owner_ids:  # one part on contracts_owner: a team is tens of people
        parts.append(_contracts_where(contracts.c.owner_id.in_(scope.owner_ids), flt, limit,
                                      after))
    if submitted:
        parts.append(_contracts_where(contracts.c.round > 0, flt, limit, after))
    if user_id:  # nobody's id is empty; '' would match every step never delegated
        parts += [_steps_naming(who, user_id, flt, limit, after, pending_only=False)
                  for who in _IN_ROUND]
    return parts


async def page(session: AsyncSession, *, scope: Scope, user_id: str, flt: ContractFilter,
               limit: int, after: tuple[datetime, str] | None, submitted: bool = False,
               ) -> list[tuple[str, datetime]]:
    """(id, created_at) of one page; `submitted`: also every contract ever submitted
    (finance's view, contracting.may_see)."""
    parts = _parts(scope, user_id, flt, limit, after, submitted)
    if not parts:
        return []
    if len(parts) == 1:
        query = parts[0]
    else:
        found = union(*parts).subquery("found")
        query = select(found.c.id, found.c.created_at).order_by(
            found.c.created_at.desc(), found.c.id.desc()).limit(limit)
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
