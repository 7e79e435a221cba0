"""The mainland working calendar for the work-order clocks.

The days come from chinese-calendar's published schedules (the data leads seeds its
calendar table from); a year it does not know falls back to Monday–Friday inside
servicekit.workcal. Built once per process: the package changes only on upgrade.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import chinese_calendar
from servicekit.workcal import WorkingCalendar, WorkingHours


@cache
def _official_days() -> dict[date, bool]:
    days: dict[date, bool] = {}
    years = {d.year for d in chinese_calendar.holidays} | \
        {d.year for d in chinese_calendar.workdays}
    for year in years:
        first = date(year, 1, 1)
        for offset in range((date(year + 1, 1, 1) - first).days):
            day = date.fromordinal(first.toordinal() + offset)
            days[day] = day.weekday() < 5
    days.update({d: False for d in chinese_calendar.holidays})
    days.update({d: True for d in chinese_calendar.workdays})
    return days


def working_calendar(hours: WorkingHours | None = None) -> WorkingCalendar:
    return WorkingCalendar(_official_days(), hours or WorkingHours())
