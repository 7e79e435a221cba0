"""The official schedules chinese-calendar ships, as our own `Schedule`s.

Only its data dictionaries are read (never `is_workday`, which raises
NotImplementedError past the last published year). Names are given in Chinese.
"""

from __future__ import annotations

from collections import defaultdict

import chinese_calendar

from servicekit.workcal.year import SEEDED, Schedule, Special

_CHINESE = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


def _name(english: str, *, makeup: bool) -> str:
    name = _CHINESE.get(english, english)
    return f"{name}调休" if makeup else name


def seeded_schedules() -> dict[int, Schedule]:
    """Every year the installed chinese-calendar knows, by year."""
    holidays: dict[int, list[Special]] = defaultdict(list)
    workdays: dict[int, list[Special]] = defaultdict(list)
    for day, english in chinese_calendar.holidays.items():
        holidays[day.year].append(Special(day, _name(english, makeup=False)))
    for day, english in chinese_calendar.workdays.items():
        workdays[day.year].append(Special(day, _name(english, makeup=True)))
    return {year: Schedule(year, tuple(sorted(holidays[year], key=lambda s: s.day)),
                           tuple(sorted(workdays[year], key=lambda s: s.day)), SEEDED)
            for year in sorted(holidays.keys() | workdays.keys())}
