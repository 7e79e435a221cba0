"""What the use cases need from outside: sessions, the org directory, file storage, the
working calendar and a clock (tests pin the time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from servicekit.auth import Principal
from servicekit.storage import Storage
from servicekit.workcal.hours import SHANGHAI, WorkingCalendar, add_working_time
from servicekit.workcal.loader import CalendarLoader, report_fallbacks
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from workorders.adapters.orm import calendar_days
from workorders.domain.access import Actor
from workorders.domain.worktime import (
    end_of_next_workday,
    working_day_before,
    working_time_between,
)

SOURCE = "workorders"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    org: Any  # adapters.org.OrgClient (tests may hand in a server-backed one)
    storage: Storage
    calendars: CalendarLoader = field(default_factory=lambda: CalendarLoader(calendar_days))
    clock: Callable[[], datetime] = field(default=_now)
    demo_minutes: float | None = None  # SALESOS_DEMO_WO_RESPONSE_MINUTES, demo mode only
    max_attachment_bytes: int = 3 * 1024 * 1024
    auto_due_hours: float = 37.5  # five working days of 7.5 h (settings.py)

    async def worktime(self, session: AsyncSession, *moments: datetime) -> WorkTime:
        """The working calendar for the years these moments touch (and the next one)."""
        years = [m.astimezone(SHANGHAI).year for m in moments]
        calendar = await self.calendars.load(session, min(years), max(years) + 1)
        return WorkTime(calendar, demo=bool(self.demo_minutes))


@dataclass(frozen=True)
class WorkTime:
    calendar: WorkingCalendar
    demo: bool = False

    def later(self, start: datetime, offset: timedelta) -> datetime:
        return add_working_time(start, offset, self.calendar)

    def workday_before(self, moment: datetime) -> datetime:
        return working_day_before(moment, self.calendar)

    def seconds(self, start: datetime, end: datetime) -> int:
        if self.demo:  # the demo clock runs on wall time
            return max(0, int((end - start).total_seconds()))
        return int(working_time_between(start, end, self.calendar).total_seconds())

    def next_progress_due(self, moment: datetime) -> datetime:
        return end_of_next_workday(moment, self.calendar)

    def report(self, subject: str) -> None:
        """Logs and counts a year computed Monday–Friday (no official schedule)."""
        report_fallbacks(self.calendar, subject=subject)


def actor_of(principal: Principal) -> Actor:
    return Actor(user_id=principal.user_id, role=principal.role,
                 region_ids=tuple(principal.region_ids),
                 department_id=principal.department_id or "")
