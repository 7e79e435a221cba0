"""What the use cases need from outside: sessions, the org directory, a clock (tests pin
it), the working calendar, and the configured habit and survey rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from servicekit.workcal.loader import CalendarLoader
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from incentives.adapters.org import Member
from incentives.adapters.orm import calendar_days
from incentives.domain.streaks import Policy

SOURCE = "incentives"


class Directory(Protocol):
    async def people(self) -> list[Member]: ...
    async def reps(self) -> list[Member]: ...
    async def region_names(self) -> dict[str, str]: ...


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    org: Directory
    clock: Callable[[], datetime] = field(default=_now)
    habits: Policy = field(default_factory=Policy)
    calendar: CalendarLoader = field(default_factory=lambda: CalendarLoader(calendar_days))
    survey_link: str = "http://127.0.0.1:8000/survey/{token}"
    survey_valid: timedelta = timedelta(days=14)
