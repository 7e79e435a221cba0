"""Regions as an admin redraws them: create one, rename it, move provinces into it.

Each use case commits once, after every check (nothing is written when a field is bad);
region changes take turns (a transaction-level advisory lock), so two admins changing the
map at once apply one after the other. A change reaches ResolveRegion on this replica at
once and on the others within `orgdirectory.REGIONS_TTL`; the leads service's own cache
adds at most its 5 s.
Leads already in the system keep their region (see gateway/README.md, Regions)."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from servicekit.auth import Principal
from servicekit.idempotency import fingerprint
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import orgdirectory
from gateway.adapters.orm import ProvinceRegion, Region
from gateway.create_once import created_before
from gateway.problems import FieldProblem, Problem, validation_problem
from gateway.region_reads import read_one
from gateway.region_rules import (
    Move,
    RegionRuleError,
    check_name_free,
    plan_moves,
    provinces_asked,
)
from gateway.region_schemas import ProvinceMoved, RegionChange, RegionCreate, RegionRead

log = logging.getLogger(__name__)
REGION_LOCK = 0x5A1E5_0E61  # pg_advisory_xact_lock key of the gateway's region changes


def _problem(error: RegionRuleError) -> Problem:
    if error.field == "name":
        return Problem(409, "conflict", detail=error.message, field="name")
    return validation_problem([FieldProblem(error.field, error.message)])


def _code_taken(code: str) -> Problem:
    return Problem(409, "conflict", detail=f"区域编码 {code} 已存在", field="code")


async def _one_at_a_time(session: AsyncSession) -> None:
    """Region changes take turns (until the commit), so two admins cannot both give the
    same name or both take the default region's last province: the checks read what the
    previous change committed."""
    await session.execute(select(func.pg_advisory_xact_lock(REGION_LOCK)))


async def _region(session: AsyncSession, code: str) -> Region:
    found = await session.scalar(select(Region).where(Region.code == code).with_for_update())
    if found is None:
        raise Problem(404, "not_found", detail="区域不存在", field="code")
    return found


async def _check_name(session: AsyncSession, name: str, code: str | None) -> None:
    taken = {n: c for n, c in await session.execute(select(Region.name, Region.code))}
    try:
        check_name_free(name, taken=taken, code=code)
    except RegionRuleError as error:
        raise _problem(error) from error


async def _plan(session: AsyncSession, provinces: list[str], into: str) -> list[Move]:
    """The moves, with every province row locked until the commit."""
    rows = await session.execute(select(ProvinceRegion.province, Region.code)
                                 .join(Region, Region.id == ProvinceRegion.region_id)
                                 .with_for_update(of=ProvinceRegion))
    default = await session.scalar(select(Region.code).where(Region.is_default))
    try:
        return plan_moves(provinces_asked(provinces), into=into, current=dict(rows.all()),
                          default_code=default or "")
    except RegionRuleError as error:
        raise _problem(error) from error


async def _apply(session: AsyncSession, moves: list[Move], region: Region) -> None:
    now = datetime.now(UTC)
    for move in moves:
        row = await session.get(ProvinceRegion, move.province)
        if row is None:
            session.add(ProvinceRegion(province=move.province, region_id=region.id,
                                       moved_at=now))
        else:
            row.region_id, row.moved_at = region.id, now


async def _answer(session: AsyncSession, region_id: uuid.UUID,
                  moves: list[Move]) -> RegionChange:
    names = {c: n for c, n in await session.execute(select(Region.code, Region.name))}
    read = await read_one(session, region_id)
    return RegionChange(**read.model_dump(), moved=[
        ProvinceMoved(province=m.province, from_code=m.from_code,
                      from_name=names.get(m.from_code or "")) for m in moves])


async def create(session: AsyncSession, *, by: Principal, body: RegionCreate,
                 idempotency_key: str | None) -> RegionChange:
    asked = fingerprint(body.code, body.name, sorted(body.provinces))
    first = await created_before(session, Region, by=by, idempotency_key=idempotency_key,
                                 asked=asked)
    if first is not None:
        return RegionChange(**(await read_one(session, first.id)).model_dump(), moved=[])
    await _one_at_a_time(session)
    if await session.scalar(select(Region.id).where(Region.code == body.code)):
        raise _code_taken(body.code)
    await _check_name(session, body.name, None)
    moves = await _plan(session, body.provinces, body.code)
    region = Region(id=uuid.uuid4(), code=body.code, name=body.name, is_default=False,
                    created_by=by.user_id, idempotency_key=idempotency_key,
                    request_hash=asked)
    session.add(region)
    try:
        await session.flush()
        await _apply(session, moves, region)
        answer = await _answer(session, region.id, moves)
        await session.commit()
    except IntegrityError as error:  # the same code, or this key's first request, just won
        await session.rollback()
        if idempotency_key:
            return await create(session, by=by, body=body, idempotency_key=idempotency_key)
        raise _code_taken(body.code) from error
    orgdirectory.regions_changed()
    log.info("region %s (%s) created by %s with %s", region.code, region.name, by.username,
             _moved_text(moves))
    return answer


async def rename(session: AsyncSession, *, by: Principal, code: str, name: str) -> RegionRead:
    await _one_at_a_time(session)
    region = await _region(session, code)
    before = region.name
    await _check_name(session, name, code)
    region.name, region.updated_at = name, datetime.now(UTC)
    await session.flush()
    answer = await read_one(session, region.id)
    await session.commit()
    orgdirectory.regions_changed()
    log.info("region %s renamed by %s: %s -> %s", code, by.username, before, name)
    return answer


async def move_provinces(session: AsyncSession, *, by: Principal, code: str,
                         provinces: list[str]) -> RegionChange:
    await _one_at_a_time(session)
    region = await _region(session, code)
    moves = await _plan(session, provinces, code)
    await _apply(session, moves, region)
    await session.flush()
    answer = await _answer(session, region.id, moves)
    await session.commit()
    orgdirectory.regions_changed()
    log.info("provinces moved into region %s by %s: %s", code, by.username,
             _moved_text(moves))
    return answer


def _moved_text(moves: list[Move]) -> str:
    return ", ".join(f"{m.province} (from {m.from_code or '-'})" for m in moves) or "nothing"
