"""Scoring periods: ISO weeks (`2026-W48`) and months (`2026-11`), in Asia/Shanghai.

A period is a half-open range of local dates [first, end). Facts belong to the period
their local date falls in; a KPI version applies to a period when it was in force on the
period's first day, so a change never rewrites a period that has started.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from incentives.domain.errors import InvalidField

SHANGHAI = ZoneInfo("Asia/Shanghai")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# The first KPI definitions are in force from 2000-01-01, and month arithmetic ends at
# year 9999: a period outside these years has nothing to score (it answered 502).
YEARS = range(2000, 2100)


@dataclass(frozen=True)
class Period:
    code: str
    first: date
    end: date          # exclusive

    @property
    def kind(self) -> str:
        return "week" if "W" in self.code else "month"

    def contains(self, day: date) -> bool:
        return self.first <= day < self.end

    @property
    def weeks(self) -> float:
        return (self.end - self.first).days / 7


def parse(code: str, *, field: str = "period") -> Period:
    if (m := _WEEK.match(code) or _MONTH.match(code)) and int(m[1]) not in YEARS:
        raise InvalidField(field, f"期间应在 {YEARS[0]} 年至 {YEARS[-1]} 年之间")
    if m := _WEEK.match(code):
        try:
            first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError as error:
            raise InvalidField(field, f"周次无效：{code}") from error
        return Period(code, first, first + timedelta(days=7))
    if (m := _MONTH.match(code)) and 1 <= int(m[2]) <= 12:
        first = date(int(m[1]), int(m[2]), 1)
        return Period(code, first, month_after(first))
    raise InvalidField(field, "期间格式应为 2026-W48（ISO 周）或 2026-11（月）")


def month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def check_day(day: date, *, field: str) -> date:
    if day.year not in YEARS:
        raise InvalidField(field, f"日期应在 {YEARS[0]} 年至 {YEARS[-1]} 年之间")
    return day


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def month_of(day: date) -> Period:
    return parse(f"{day.year}-{day.month:02d}")


def by_month(period: Period) -> list[tuple[Period, date, date]]:
    """The period cut at month boundaries: (its month, first, end) of each part. A
    month is one part; an ISO week one, or two when it spans the turn of a month (payouts:
    a week's scheme-A tiers are the month's, so each part counts within its own month)."""
    parts, first = [], period.first
    while first < period.end:
        month = month_of(first)
        end = min(period.end, month.end)
        parts.append((month, first, end))
        first = end
    return parts


def week_of(day: date) -> Period:
    year, week, _ = day.isocalendar()
    return parse(f"{year}-W{week:02d}")


def next_period_start(today: date) -> date:
    """When a KPI change takes effect: the 1st of next month. Every period is scored with
    the version in force on its first day, so neither the running month nor a running
    week (its Monday came before the 1st) is rewritten."""
    return month_after(today)
