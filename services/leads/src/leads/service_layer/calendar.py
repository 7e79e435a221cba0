"""The working calendar: seeding, admins' yearly schedules, and loading it for the clock."""

from __future__ import annotations

import logging
import time
from datetime import date

from prometheus_client import Counter
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leads.adapters import calendar_repo
from leads.adapters.calendar_seed import seeded_schedules
from leads.domain import calendar_year
from leads.domain.calendar_year import ADMIN, Schedule
from leads.domain.workcal import WorkingCalendar, WorkingHours

log = logging.getLogger(__name__)
CALENDAR_FALLBACK = Counter(
    "salesos_calendar_fallback_total",
    "Deadlines computed with the Monday-Friday fallback: the year has no official schedule",
    ["year"])


async def seed_calendar(sessions: async_sessionmaker[AsyncSession]) -> list[int]:
    """Copies every year chinese-calendar knows that the table lacks; returns those years.
    Idempotent and safe for replicas starting together; a year with rows (seeded or
    entered by an admin) is never touched."""
    async with sessions() as session:
        present = await calendar_repo.years_present(session)
        added = []
        for year, schedule in seeded_schedules().items():
            if year not in present:
                await calendar_repo.insert_days(session, schedule.days(), source=schedule.source)
                added.append(year)
        await session.commit()
    if added:
        log.info("working calendar seeded for %s", added)
    return added


def _require_admin(principal: Principal) -> None:
    if principal.role != "admin":
        raise PermissionDenied("只有管理员可以维护工作日历")


async def put_year(schedule: Schedule, principal: Principal,
                   sessions: async_sessionmaker[AsyncSession]) -> Schedule:
    """Replaces a year's schedule with the one the admin entered (PUT semantics)."""
    _require_admin(principal)
    async with sessions() as session:
        await calendar_repo.replace_year(session, schedule.year, schedule.days(), source=ADMIN)
        await session.commit()
    log.info("working calendar %d set by %s", schedule.year, principal.username)
    return await get_year(schedule.year, principal, sessions)


async def get_year(year: int, principal: Principal,
                   sessions: async_sessionmaker[AsyncSession]) -> Schedule:
    _require_admin(principal)
    calendar_year.check_year(year)
    async with sessions() as session:
        days, source = await calendar_repo.year_days(session, year)
    return calendar_year.from_days(year, days, source or "none")


class CalendarLoader:
    """Reads the days a clock needs, cached briefly per year: an assignment burst should
    not read the same year hundreds of times, and an admin's new year is seen within
    `cache_seconds`."""

    def __init__(self, hours: WorkingHours, cache_seconds: float = 60.0) -> None:
        self.hours, self._ttl = hours, cache_seconds
        self._years: dict[int, tuple[float, dict[date, bool]]] = {}

    async def load(self, session: AsyncSession, first_year: int, last_year: int
                   ) -> WorkingCalendar:
        days: dict[date, bool] = {}
        for year in range(first_year, last_year + 1):
            cached = self._years.get(year)
            if cached is None or cached[0] < time.monotonic():
                found = await calendar_repo.workdays_between(
                    session, date(year, 1, 1), date(year, 12, 31))
                cached = (time.monotonic() + self._ttl, found)
                self._years[year] = cached
            days |= cached[1]
        return WorkingCalendar(days, self.hours)


def report_fallbacks(calendar: WorkingCalendar, *, lead_id: str) -> None:
    for year in sorted(calendar.fallback_years):
        log.warning("working calendar has no schedule for %d: lead %s deadline counted "
                    "Monday-Friday; an admin should PUT /api/v1/admin/calendar/%d",
                    year, lead_id, year)
        CALENDAR_FALLBACK.labels(str(year)).inc()
