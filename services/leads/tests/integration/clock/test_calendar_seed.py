"""Seeding the working calendar from chinese-calendar at start."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from leads.adapters.clock_orm import calendar_days
from servicekit.workcal import repo as calendar_repo
from servicekit.workcal.loader import seed_calendar
from servicekit.workcal.year import Special, schedule

pytestmark = pytest.mark.integration


async def test_seed_adds_missing_years_only_and_never_overwrites_an_admins_year(
    deps: Any,
) -> None:
    mine = schedule(2005, holidays=[Special(date(2005, 3, 8), "公司假日")], workdays=[])
    async with deps.sessions() as session:
        await session.execute(sa.delete(calendar_days).where(
            sa.extract("year", calendar_days.c.day).in_([2004, 2005])))
        await calendar_repo.insert_days(session, calendar_days, mine.days(), source="admin")
        await session.commit()
    assert await seed_calendar(deps.sessions, calendar_days) == [2004]
    assert await seed_calendar(deps.sessions, calendar_days) == []
    async with deps.sessions() as session:
        days, source = await calendar_repo.year_days(session, calendar_days, 2005)
        assert source == "admin" and len(days) == 365
        assert not {d.day: d for d in days}[date(2005, 3, 8)].is_workday
        seeded, source = await calendar_repo.year_days(session, calendar_days, 2004)
        assert source == "seeded" and len(seeded) == 366  # a leap year


async def test_seed_knows_the_years_the_library_ships(deps: Any) -> None:
    async with deps.sessions() as session:
        years = await calendar_repo.years_present(session, calendar_days)
    assert {2025, 2026} <= years
