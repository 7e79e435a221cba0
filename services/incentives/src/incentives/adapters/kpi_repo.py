"""KPI definition versions: the one in force on a day, the newest, a new one."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from incentives.adapters.orm import kpi_versions
from incentives.domain.kpis import DEFAULT, Kpi


class KpiVersion:
    def __init__(self, version: int, effective_from: date, kpis: tuple[Kpi, ...],
                 created_by: str, created_at: datetime) -> None:
        self.version, self.effective_from, self.kpis = version, effective_from, kpis
        self.created_by, self.created_at = created_by, created_at


def _row(row: Row[Any]) -> KpiVersion:
    kpis = tuple(Kpi(**d) for d in row.definitions)
    return KpiVersion(row.version, row.effective_from, kpis, row.created_by, row.created_at)


async def ensure_default(session: AsyncSession, now: datetime) -> None:
    """Version 1 (the defaults, in force since forever) on first use; replicas racing
    here insert once (primary key)."""
    if await session.scalar(select(func.count()).select_from(kpi_versions)) == 0:
        await session.execute(insert(kpi_versions).values(
            version=1, effective_from=date(2000, 1, 1),
            definitions=[asdict(k) for k in DEFAULT], created_by="system",
            created_at=now).on_conflict_do_nothing())


async def in_force(session: AsyncSession, on: date) -> KpiVersion:
    row = (await session.execute(
        select(kpi_versions).where(kpi_versions.c.effective_from <= on)
        .order_by(kpi_versions.c.effective_from.desc(), kpi_versions.c.version.desc())
        .limit(1))).first()
    assert row is not None, "ensure_default first"
    return _row(row)


async def newest(session: AsyncSession) -> KpiVersion:
    row = (await session.execute(
        select(kpi_versions).order_by(kpi_versions.c.version.desc()).limit(1))).first()
    assert row is not None, "ensure_default first"
    return _row(row)


async def add(session: AsyncSession, *, kpis: tuple[Kpi, ...], effective_from: date,
              created_by: str, now: datetime) -> KpiVersion:
    # Serialise concurrent edits: the next version number is taken under this lock.
    await session.execute(select(func.pg_advisory_xact_lock(0x4B5049)))
    version = (await session.scalar(select(func.max(kpi_versions.c.version)))) + 1
    await session.execute(kpi_versions.insert().values(
        version=version, effective_from=effective_from,
        definitions=[asdict(k) for k in kpis], created_by=created_by, created_at=now))
    return KpiVersion(version, effective_from, kpis, created_by, now)
