"""Working time on the mainland calendar: which days are worked, and at which hours.

Which days are workdays is data (the `calendar_days` table, seeded from chinese-calendar
and extended by admins each November), handed in as a mapping. A day the mapping does not
know belongs to a year without an official schedule: it falls back to Monday–Friday and
the year is remembered in `fallback_years`, so the caller can warn and count it.
Asia/Shanghai has had no daylight saving since 1991, so a local day is always 24 hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A deadline further than this is a configuration error, not a long weekend.
_MAX_DAYS = 3660


@dataclass(frozen=True)
class WorkingHours:
    """The working day: `start`–`lunch_start` and `lunch_end`–`end`, local time."""

    start: time = time(9)
    end: time = time(18)
    lunch_start: time = time(12)
    lunch_end: time = time(13, 30)
    tz: tzinfo = SHANGHAI

    def __post_init__(self) -> None:
        if not self.start <= self.lunch_start <= self.lunch_end <= self.end \
                or self.start == self.end:
            raise ValueError("working hours must satisfy start <= lunch <= end, start < end")

    def periods(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        def at(moment: time) -> datetime:
            return datetime.combine(day, moment, tzinfo=self.tz)

        return ((at(self.start), at(self.lunch_start)), (at(self.lunch_end), at(self.end)))


@dataclass
class WorkingCalendar:
    """`days`: is-workday per date, for every date of the years with a schedule."""

    days: Mapping[date, bool]
    hours: WorkingHours = field(default_factory=WorkingHours)
    fallback_years: set[int] = field(default_factory=set)

    def is_workday(self, day: date) -> bool:
        known = self.days.get(day)
        if known is not None:
            return known
        self.fallback_years.add(day.year)
        return day.weekday() < 5


def add_working_time(start: datetime, hours: float | timedelta,
                     calendar: WorkingCalendar) -> datetime:
    """The moment `hours` of working time after `start`, in the calendar's time zone.

    Time outside working hours does not count: a clock started on Friday evening begins
    on the next workday's morning. A deadline that lands exactly on the end of a period
    stays there (18:00), rather than moving to the next morning.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    remaining = hours if isinstance(hours, timedelta) else timedelta(hours=hours)
    if remaining < timedelta(0):
        raise ValueError("hours must not be negative")
    local = start.astimezone(calendar.hours.tz)
    day = local.date()
    for _ in range(_MAX_DAYS):
        if calendar.is_workday(day):
            for begin, end in calendar.hours.periods(day):
                begin = max(begin, local)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return begin + remaining
                remaining -= end - begin
        day += timedelta(days=1)
    raise ValueError(f"no working time found within {_MAX_DAYS} days")
