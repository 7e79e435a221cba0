"""The mainland working calendar for streaks, from the official schedules chinese-calendar
ships (its data dictionaries only: its `is_workday` raises past the last published year).
A year it does not know falls back to Monday–Friday inside servicekit.workcal, which
records the year so the fallback is logged."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from servicekit.workcal import WorkingCalendar


def official_calendar() -> WorkingCalendar:
    days: dict[date, bool] = {}
    known = [*chinese_calendar.holidays, *chinese_calendar.workdays]
    years = {d.year for d in known}
    for year in sorted(years):
        day = date(year, 1, 1)
        while day.year == year:
            days[day] = day.weekday() < 5
            day += timedelta(days=1)
    days.update({d: False for d in chinese_calendar.holidays})
    days.update({d: True for d in chinese_calendar.workdays})
    return WorkingCalendar(days)
