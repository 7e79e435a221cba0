"""The region map as an admin's change reads and writes it, inside that change's
transaction: changes take turns, the rows they read stay locked until the commit, and a
rule broken is the problem that names its field (region_rules.py holds the rules)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import ProvinceRegion, Region
from gateway.problems import FieldProblem, Problem, validation_problem
from gateway.region_reads import read_one
from gateway.region_rules import (
    Move,
    RegionRuleError,
    check_name_free,
    plan_moves,
    provinces_asked,
)
from gateway.region_schemas import ProvinceMoved, RegionChange

REGION_LOCK = 0x5A1E5_0E61  # pg_advisory_xact_lock key of the gateway's region changes


def _problem(error: RegionRuleError) -> Problem:
    if error.field == "name":
        return Problem(409, "conflict", detail=error.message, field="name")
    return validation_problem([FieldProblem(f, m) for f, m in error.errors])


async def one_at_a_time(session: AsyncSession) -> None:
    """Region changes take turns (until the commit), so two admins cannot both give the
    same name or both take the default region's last province: the checks read what the
    previous change committed."""
    await session.execute(select(func.pg_advisory_xact_lock(REGION_LOCK)))


async def locked_region(session: AsyncSession, code: str) -> Region:
    """The region, locked until the commit; 404 naming `code` when there is none."""
    found = await session.scalar(select(Region).where(Region.code == code).with_for_update())
    if found is None:
        raise Problem(404, "not_found", detail="区域不存在", field="code")
    return found


async def check_name(session: AsyncSession, name: str, code: str | None) -> None:
    taken = {n: c for n, c in await session.execute(select(Region.name, Region.code))}
    try:
        check_name_free(name, taken=taken, code=code)
    except RegionRuleError as error:
        raise _problem(error) from error


async def plan(session: AsyncSession, provinces: list[str], into: str) -> list[Move]:
    """The moves, with every province row locked until the commit."""
    rows = await session.execute(select(ProvinceRegion.province, Region.code)
                                 .join(Region, Region.id == ProvinceRegion.region_id)
                                 .with_for_update(of=ProvinceRegion))
    default = (await session.execute(select(Region.code, Region.name)
                                     .where(Region.is_default))).first()
    try:
        return plan_moves(provinces_asked(provinces), into=into, current=dict(rows.all()),
                          default_code=default.code if default else "",
                          default_name=default.name if default else "")
    except RegionRuleError as error:
        raise _problem(error) from error


async def apply(session: AsyncSession, moves: list[Move], region: Region) -> None:
    """The provinces now `region`'s; `moved_at` marks an admin's move, which a re-run of
    the seed leaves where the admin put it."""
    now = datetime.now(UTC)
    for move in moves:
        row = await session.get(ProvinceRegion, move.province)
        if row is None:
            session.add(ProvinceRegion(province=move.province, region_id=region.id,
                                       moved_at=now))
        else:
            row.region_id, row.moved_at = region.id, now


async def as_change(session: AsyncSession, region_id: uuid.UUID,
                    moves: list[Move]) -> RegionChange:
    """The region as it reads now, with where each moved province came from."""
    names = {c: n for c, n in await session.execute(select(Region.code, Region.name))}
    read = await read_one(session, region_id)
    return RegionChange(**read.model_dump(), moved=[
        ProvinceMoved(province=m.province, from_code=m.from_code,
                      from_name=names.get(m.from_code or "")) for m in moves])
