"""Experiments and their arms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from incentives.adapters.orm import experiment_units, experiments


@dataclass(frozen=True)
class Unit:
    unit_id: str
    arm: str
    region_id: str
    rep_ids: tuple[str, ...]


@dataclass(frozen=True)
class Stored:
    id: str
    name: str
    unit: str
    seed: int
    starts_on: date
    ends_on: date
    created_by: str
    created_at: datetime
    units: tuple[Unit, ...]


async def _units(session: AsyncSession, ids: Sequence[str]) -> dict[str, list[Unit]]:
    found: dict[str, list[Unit]] = {i: [] for i in ids}
    rows = await session.execute(select(experiment_units).where(
        experiment_units.c.experiment_id.in_(list(ids)))
        .order_by(experiment_units.c.arm, experiment_units.c.unit_id))
    for r in rows:
        found[r.experiment_id].append(Unit(r.unit_id, r.arm, r.region_id, tuple(r.rep_ids)))
    return found


async def _load(session: AsyncSession, query: Select[Any]) -> list[Stored]:
    rows = (await session.execute(query)).all()
    units = await _units(session, [r.id for r in rows])
    return [Stored(r.id, r.name, r.unit, r.seed, r.starts_on, r.ends_on, r.created_by,
                   r.created_at, tuple(units[r.id])) for r in rows]


async def all_(session: AsyncSession) -> list[Stored]:
    return await _load(session, select(experiments).order_by(
        experiments.c.created_at.desc(), experiments.c.id))


async def get(session: AsyncSession, experiment_id: str) -> Stored | None:
    found = await _load(session, select(experiments).where(experiments.c.id == experiment_id))
    return found[0] if found else None


async def by_key(session: AsyncSession, created_by: str, key: str) -> Stored | None:
    found = await _load(session, select(experiments).where(
        experiments.c.created_by == created_by, experiments.c.idempotency_key == key))
    return found[0] if found else None


async def named(session: AsyncSession, name: str) -> bool:
    """Whether a trial of that name (any case) exists."""
    found = await session.scalar(select(experiments.c.id).where(
        func.lower(experiments.c.name) == name.lower()).limit(1))
    return found is not None


async def meeting(session: AsyncSession, first: date, last: date) -> list[Stored]:
    return await _load(session, select(experiments).where(
        experiments.c.starts_on <= last, experiments.c.ends_on >= first))


async def add(session: AsyncSession, exp: Stored, key: str | None) -> None:
    await session.execute(experiments.insert().values(
        id=exp.id, name=exp.name, unit=exp.unit, seed=exp.seed, starts_on=exp.starts_on,
        ends_on=exp.ends_on, created_by=exp.created_by, created_at=exp.created_at,
        idempotency_key=key))
    if exp.units:
        await session.execute(experiment_units.insert().values([
            {"experiment_id": exp.id, "unit_id": u.unit_id, "arm": u.arm,
             "region_id": u.region_id, "rep_ids": list(u.rep_ids)} for u in exp.units]))
