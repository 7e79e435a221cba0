"""Contracts with their term versions and latest approval round; writes are explicit
(`add`, `add_version`, `save_status`, `save_steps`) so each use case says what changes."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.contracts_orm import approval_steps as steps_t
from pipeline.adapters.contracts_orm import contract_numbers as numbers_t
from pipeline.adapters.contracts_orm import contract_versions as versions_t
from pipeline.adapters.contracts_orm import contracts as contracts_t
from pipeline.domain.contract_terms import Terms
from pipeline.domain.contracts import Contract, Step, Version, contract_number
from pipeline.domain.period import SHANGHAI


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


async def add(session: AsyncSession, contract: Contract, *, idempotency_key: str | None,
              request_hash: str | None = None) -> None:
    """Stores a new contract, giving it the next number of its year."""
    year = contract.created_at.astimezone(SHANGHAI).year
    contract.number = contract_number(year, await _next_of_year(session, year))
    await session.execute(insert(contracts_t).values(
        number=contract.number,
        id=uuid.UUID(contract.id), opportunity_id=uuid.UUID(contract.opportunity_id),
        quote_id=uuid.UUID(contract.quote_id), status=contract.status, round=contract.round,
        owner_id=contract.owner_id, region_id=contract.region_id,
        account_name=contract.account_name, title=contract.title,
        product_codes=list(contract.product_codes), created_by=contract.created_by,
        idempotency_key=idempotency_key, request_hash=request_hash,
        created_at=contract.created_at))
    await add_version(session, contract)


async def _next_of_year(session: AsyncSession, year: int) -> int:
    # The year's row stays locked until the contract commits: numbers never repeat.
    return int((await session.execute(
        pg_insert(numbers_t).values(year=year, last=1)
        .on_conflict_do_update(index_elements=[numbers_t.c.year],
                               set_={"last": numbers_t.c.last + 1})
        .returning(numbers_t.c.last))).scalar_one())


async def add_version(session: AsyncSession, contract: Contract) -> None:
    v = contract.current
    await session.execute(insert(versions_t).values(
        contract_id=uuid.UUID(contract.id), version=v.version, terms=v.terms.to_dict(),
        created_by=v.created_by, created_at=v.created_at))


async def by_key(session: AsyncSession, *, created_by: str,
                 key: str) -> tuple[str, str | None] | None:
    """The contract this person's key drafted, and the fingerprint of that request."""
    row = (await session.execute(select(contracts_t.c.id, contracts_t.c.request_hash).where(
        contracts_t.c.created_by == created_by, contracts_t.c.idempotency_key == key))).first()
    return (str(row.id), row.request_hash) if row else None


async def latest_of_deal(session: AsyncSession, *, opportunity_id: str) -> Contract | None:
    value = (await session.execute(select(contracts_t.c.id).where(
        contracts_t.c.opportunity_id == uuid.UUID(opportunity_id))
        .order_by(contracts_t.c.created_at.desc()).limit(1))).scalar_one_or_none()
    return await get(session, contract_id=str(value)) if value else None


async def get(session: AsyncSession, *, contract_id: str, for_update: bool = False
              ) -> Contract | None:
    key = _uuid(contract_id)
    if key is None:
        return None
    query = select(contracts_t).where(contracts_t.c.id == key)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    if row is None:
        return None
    versions = (await session.execute(select(versions_t).where(
        versions_t.c.contract_id == key).order_by(versions_t.c.version))).all()
    steps = (await session.execute(select(steps_t).where(
        steps_t.c.contract_id == key, steps_t.c.round == row.round)
        .order_by(steps_t.c.position))).all()
    return _contract(row, versions, steps)


async def get_many(session: AsyncSession, *, contract_ids: list[str]) -> list[Contract]:
    """The contracts among these ids, in the order given, in three statements whatever
    their number (a list page), each with its versions and latest round's steps."""
    keys = [uuid.UUID(i) for i in contract_ids]
    rows = {r.id: r for r in await session.execute(
        select(contracts_t).where(contracts_t.c.id.in_(keys)))} if keys else {}
    if not rows:
        return []
    found, versions, steps = list(rows), defaultdict(list), defaultdict(list)
    for v in await session.execute(select(versions_t).where(versions_t.c.contract_id.in_(
            found)).order_by(versions_t.c.contract_id, versions_t.c.version)):
        versions[v.contract_id].append(v)
    latest_round = and_(contracts_t.c.id == steps_t.c.contract_id,
                        contracts_t.c.round == steps_t.c.round)
    for r in await session.execute(select(steps_t).join(contracts_t, latest_round).where(
            steps_t.c.contract_id.in_(found)).order_by(steps_t.c.contract_id,
                                                       steps_t.c.position)):
        steps[r.contract_id].append(r)
    return [_contract(rows[k], versions[k], steps[k]) for k in keys if k in rows]


def _contract(row: Any, versions: Any, steps: Any) -> Contract:
    return Contract(
        id=str(row.id), opportunity_id=str(row.opportunity_id), quote_id=str(row.quote_id),
        owner_id=row.owner_id, region_id=row.region_id, account_name=row.account_name,
        title=row.title, created_by=row.created_by, created_at=row.created_at,
        versions=[Version(v.version, Terms.from_dict(v.terms), v.created_by, v.created_at)
                  for v in versions],
        product_codes=tuple(row.product_codes), number=row.number, status=row.status,
        round=row.round,
        steps=[_step(s) for s in steps], signed_at=row.signed_at)


def _step(r: Any) -> Step:
    return Step(id=str(r.id), round=r.round, position=r.position, level=r.level,
                label=r.label, approver_id=r.approver_id, escalate_to_id=r.escalate_to_id,
                delegated_from=r.delegated_from, status=r.status, comment=r.comment,
                decided_by=r.decided_by, decided_at=r.decided_at,
                activated_at=r.activated_at, due_at=r.due_at, reason=r.reason,
                discount_bp=r.discount_bp)


async def save_status(session: AsyncSession, contract: Contract) -> None:
    await session.execute(update(contracts_t).where(
        contracts_t.c.id == uuid.UUID(contract.id)).values(
        status=contract.status, round=contract.round, signed_at=contract.signed_at))


async def save_steps(session: AsyncSession, contract: Contract) -> None:
    """Upserts the latest round's steps (new ones inserted, decided ones updated)."""
    # From the row, not the domain object: the copy must equal what the lists order by.
    created_at = select(contracts_t.c.created_at).where(
        contracts_t.c.id == uuid.UUID(contract.id)).scalar_subquery()
    for s in contract.steps:
        values = dict(status=s.status, approver_id=s.approver_id, delegated_from=s.delegated_from,
                      comment=s.comment, decided_by=s.decided_by, decided_at=s.decided_at,
                      activated_at=s.activated_at, due_at=s.due_at)
        await session.execute(pg_insert(steps_t).values(
            id=uuid.UUID(s.id), contract_id=uuid.UUID(contract.id), round=s.round,
            position=s.position, level=s.level, label=s.label, reason=s.reason,
            discount_bp=s.discount_bp,
            escalate_to_id=s.escalate_to_id, contract_created_at=created_at, **values,
        ).on_conflict_do_update(index_elements=["id"], set_=values))


async def pending_steps_of(session: AsyncSession, *, approver_id: str) -> list[str]:
    """Contract ids whose pending step waits for this approver."""
    rows = await session.execute(select(steps_t.c.contract_id).where(
        steps_t.c.approver_id == approver_id, steps_t.c.status == "pending"))
    return [str(r.contract_id) for r in rows]


async def pending_steps_held_for(session: AsyncSession, *, user_id: str) -> list[str]:
    """Contract ids whose pending step someone holds for this approver (their delegate)."""
    rows = await session.execute(select(steps_t.c.contract_id).where(
        steps_t.c.delegated_from == user_id, steps_t.c.approver_id != user_id,
        steps_t.c.status == "pending"))
    return [str(r.contract_id) for r in rows]


async def step_row(session: AsyncSession, *, step_id: uuid.UUID) -> Any:
    return (await session.execute(select(steps_t).where(steps_t.c.id == step_id))).first()


async def count(session: AsyncSession) -> int:
    return (await session.execute(select(func.count()).select_from(contracts_t))).scalar_one()
