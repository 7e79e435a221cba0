"""Seeding a service's working calendar and loading it, cached, for its clocks."""

from __future__ import annotations

import logging
import time
from datetime import date

from prometheus_client import Counter
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.workcal import repo
from servicekit.workcal.hours import WorkingCalendar, WorkingHours
from servicekit.workcal.seed import seeded_schedules

log = logging.getLogger(__name__)
CALENDAR_FALLBACK = Counter(
    "salesos_calendar_fallback_total",
    "Deadlines computed with the Monday-Friday fallback: the year has no official schedule",
    ["year"])


async def seed_calendar(sessions: async_sessionmaker[AsyncSession], table: Table) -> list[int]:
    """Copies every year chinese-calendar knows that the table lacks; returns those years.
    Idempotent and safe for replicas starting together; a year with rows (seeded or
    entered by an admin) is never touched."""
    async with sessions() as session:
        present = await repo.years_present(session, table)
        added = []
        for year, schedule in seeded_schedules().items():
            if year not in present:
                await repo.insert_days(session, table, schedule.days(), source=schedule.source)
                added.append(year)
        await session.commit()
    if added:
        log.info("working calendar seeded for %s", added)
    return added


class CalendarLoader:
    """Reads the days a clock needs, cached briefly per year: a burst of deadlines should
    not read the same year hundreds of times, and an admin's new year is seen within
    `cache_seconds`."""

    def __init__(self, table: Table, hours: WorkingHours | None = None,
                 cache_seconds: float = 60.0) -> None:
        self.table, self.hours, self._ttl = table, hours or WorkingHours(), cache_seconds
        self._years: dict[int, tuple[float, dict[date, bool]]] = {}

    async def load(self, session: AsyncSession, first_year: int, last_year: int
                   ) -> WorkingCalendar:
        days: dict[date, bool] = {}
        for year in range(first_year, last_year + 1):
            cached = self._years.get(year)
            if cached is None or cached[0] < time.monotonic():
                found = await repo.workdays_between(
                    session, self.table, date(year, 1, 1), date(year, 12, 31))
                cached = (time.monotonic() + self._ttl, found)
                self._years[year] = cached
            days |= cached[1]
        return WorkingCalendar(days, self.hours)


def report_fallbacks(calendar: WorkingCalendar, *, subject: str) -> None:
    """Logs and counts each year a deadline was computed Monday–Friday for."""
    for year in sorted(calendar.fallback_years):
        log.warning("working calendar has no schedule for %d: %s deadline counted "
                    "Monday-Friday; an admin should PUT /api/v1/admin/calendar/%d",
                    year, subject, year)
        CALENDAR_FALLBACK.labels(str(year)).inc()
