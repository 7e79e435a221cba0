"""What the use cases need from outside: sessions, the org directory, file storage, the
working calendar and a clock (tests pin the time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from servicekit.auth import Principal
from servicekit.storage import Storage
from servicekit.workcal import WorkingCalendar, add_working_time, working_time_between
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from workorders.adapters.calendar import working_calendar
from workorders.domain.access import Actor

SOURCE = "workorders"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    org: Any  # adapters.org.OrgClient (tests may hand in a server-backed one)
    storage: Storage
    calendar: WorkingCalendar = field(default_factory=working_calendar)
    clock: Callable[[], datetime] = field(default=_now)
    demo_minutes: float | None = None  # SALESOS_DEMO_WO_RESPONSE_MINUTES, demo mode only
    max_attachment_bytes: int = 3 * 1024 * 1024
    auto_due_hours: float = 40.0

    def later(self, start: datetime, offset: timedelta) -> datetime:
        return add_working_time(start, offset, self.calendar)

    def working_seconds(self, start: datetime, end: datetime) -> int:
        if self.demo_minutes:  # the demo clock runs on wall time
            return max(0, int((end - start).total_seconds()))
        return int(working_time_between(start, end, self.calendar).total_seconds())


def actor_of(principal: Principal) -> Actor:
    return Actor(user_id=principal.user_id, role=principal.role,
                 region_ids=tuple(principal.region_ids),
                 department_id=principal.department_id or "")
