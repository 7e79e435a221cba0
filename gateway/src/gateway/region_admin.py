"""Regions as an admin redraws them: create one, rename it, move provinces into it.

Each use case commits once, after every check (nothing is written when a field is bad);
region changes take turns (a transaction-level advisory lock, region_map.py), so two
admins changing the map at once apply one after the other. A change reaches ResolveRegion
on this replica at once and on the others within `orgdirectory.REGIONS_TTL`; the leads
service's own cache adds at most its 5 s.
Leads already in the system keep their region (see gateway/README.md, Regions)."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from servicekit.auth import Principal
from servicekit.idempotency import fingerprint
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import orgdirectory, region_map
from gateway.adapters.orm import Region
from gateway.create_once import created_before
from gateway.problems import Problem
from gateway.region_reads import read_one
from gateway.region_rules import Move
from gateway.region_schemas import RegionChange, RegionCreate, RegionRead

log = logging.getLogger(__name__)


def _code_taken(code: str) -> Problem:
    return Problem(409, "conflict", detail=f"区域编码 {code} 已存在", field="code")


async def create(session: AsyncSession, *, by: Principal, body: RegionCreate,
                 idempotency_key: str | None) -> RegionChange:
    asked = fingerprint(body.code, body.name, sorted(body.provinces))
    first = await created_before(session, Region, by=by, idempotency_key=idempotency_key,
                                 asked=asked)
    if first is not None:
        return RegionChange(**(await read_one(session, first.id)).model_dump(), moved=[])
    await region_map.one_at_a_time(session)
    if await session.scalar(select(Region.id).where(Region.code == body.code)):
        raise _code_taken(body.code)
    await region_map.check_name(session, body.name, None)
    moves = await region_map.plan(session, body.provinces, body.code)
    region = Region(id=uuid.uuid4(), code=body.code, name=body.name, is_default=False,
                    created_by=by.user_id, idempotency_key=idempotency_key,
                    request_hash=asked)
    session.add(region)
    try:
        await session.flush()
        await region_map.apply(session, moves, region)
        answer = await region_map.as_change(session, region.id, moves)
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
    await region_map.one_at_a_time(session)
    region = await region_map.locked_region(session, code)
    before = region.name
    if name != before:  # its own name again (a whole form sent back) clashes with nobody
        await region_map.check_name(session, name, code)
    region.name, region.updated_at = name, datetime.now(UTC)
    await session.flush()
    answer = await read_one(session, region.id)
    await session.commit()
    orgdirectory.regions_changed()
    log.info("region %s renamed by %s: %s -> %s", code, by.username, before, name)
    return answer


async def move_provinces(session: AsyncSession, *, by: Principal, code: str,
                         provinces: list[str]) -> RegionChange:
    await region_map.one_at_a_time(session)
    region = await region_map.locked_region(session, code)
    moves = await region_map.plan(session, provinces, code)
    await region_map.apply(session, moves, region)
    await session.flush()
    answer = await region_map.as_change(session, region.id, moves)
    await session.commit()
    orgdirectory.regions_changed()
    log.info("provinces moved into region %s by %s: %s", code, by.username,
             _moved_text(moves))
    return answer


def _moved_text(moves: list[Move]) -> str:
    return ", ".join(f"{m.province} (from {m.from_code or '-'})" for m in moves) or "nothing"
