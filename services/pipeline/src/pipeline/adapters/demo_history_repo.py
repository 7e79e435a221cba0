"""Writes a generated demo history in a few multi-row INSERTs (a year for 300 customers
is ~600 deals and ~10,000 rows). Accounts are matched on their key like any other, so a
customer that already exists is reused rather than duplicated."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.field_orm import needs_records, visits
from pipeline.adapters.orm import accounts, opportunities, stage_changes, step_checks
from pipeline.domain.accounts import account_key
from pipeline.domain.demo_history import DemoDeal
from pipeline.domain.stage_rules import SYSTEM_STEPS

CREATED_BY = "demo-history"  # created_by of the generated deals: seeded once


async def already_seeded(session: AsyncSession) -> bool:
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(CREATED_BY))))
    found = await session.execute(select(opportunities.c.id).where(
        opportunities.c.created_by == CREATED_BY).limit(1))
    return found.first() is not None


async def write(session: AsyncSession, deals: list[DemoDeal], *, process_version: int) -> None:
    ids = await _accounts(session, deals)
    U = uuid.UUID
    await _rows(session, opportunities, [{
        "id": U(d.id), "account_id": ids[d.account.id], "title": d.title,
        "amount_fen": d.amount_fen, "stage": d.stage, "status": d.status,
        "lost_reason": d.lost_reason, "owner_id": d.owner.id,
        "owner_username": d.owner.username, "region_id": d.owner.region_id,
        "process_version": process_version, "stage_entered_at": d.stage_entered_at,
        "created_by": CREATED_BY, "created_at": d.created_at} for d in deals])
    await _rows(session, stage_changes, [{
        "id": uuid.uuid5(U(d.id), str(k)), "opportunity_id": U(d.id), "from_stage": c.from_stage,
        "to_stage": c.to_stage, "by_user_id": c.by_user_id, "at": c.at, "reason": c.reason}
        for d in deals for k, c in enumerate(d.changes)])
    await _rows(session, step_checks, [{
        "opportunity_id": U(d.id), "step_id": step, "done_at": at,
        # The quote's approval and the signature tick themselves, as they do live.
        "done_by": "" if step in SYSTEM_STEPS else d.owner.id}
        for d in deals for step, at in d.steps])
    await _rows(session, visits, [{
        "id": U(v.id), "opportunity_id": U(d.id), "rep_id": d.owner.id,
        "rep_username": d.owner.username, "checked_in_at": v.checked_in_at,
        "latitude": v.site.lat, "longitude": v.site.lng, "report": v.report,
        "reported_at": v.reported_at, "first": v.first, "created_by": CREATED_BY,
        "created_at": v.checked_in_at} for d in deals for v in d.visits])
    await _rows(session, needs_records, [{
        "opportunity_id": U(d.id), "data": d.needs.to_dict(), "complete": d.needs.complete,
        "version": 1, "updated_by": d.owner.id, "updated_at": d.changes[2].at}
        for d in deals if d.needs is not None])


async def _accounts(session: AsyncSession, deals: list[DemoDeal]) -> dict[str, uuid.UUID]:
    unique = {d.account.id: d.account for d in deals}
    keys = {a.id: account_key(a.name) for a in unique.values()}
    await session.execute(pg_insert(accounts).values([
        {"id": uuid.UUID(a.id), "name": a.name, "name_key": keys[a.id], "industry": a.industry,
         "province": a.province, "scale": a.scale} for a in unique.values()]
    ).on_conflict_do_nothing())
    found = await session.execute(select(accounts.c.name_key, accounts.c.id).where(
        accounts.c.name_key.in_(list(keys.values()))))
    by_key = {row.name_key: row.id for row in found}
    return {account_id: by_key[key] for account_id, key in keys.items()}


async def _rows(session: AsyncSession, table: Any, rows: list[dict[str, Any]]) -> None:
    for at in range(0, len(rows), 1000):  # bind parameters stay under PostgreSQL's 32k
        await session.execute(insert(table), rows[at:at + 1000])
