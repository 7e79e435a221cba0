"""Reporting periods: calendar days in Asia/Shanghai, both ends inclusive, and the ISO
weeks they cover. Pure; no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pipeline.domain.days import iso_day
from pipeline.domain.errors import InvalidField

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_DAYS, MAX_DAYS = 365, 3 * 366
# Year 1 (a Shanghai midnight before timestamptz's range) and 9999-12-31 (no day after)
# answered 502; the same years the KPI periods accept (incentives' periods.py).
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), SHANGHAI)

    @property
    def end(self) -> datetime:  # exclusive
        return datetime.combine(self.last + timedelta(days=1), time(), SHANGHAI)

    def iso_weeks(self) -> list[str]:
        weeks, day = [], self.first - timedelta(days=self.first.weekday())
        while day <= self.last:
            year, week, _ = day.isocalendar()
            weeks.append(f"{year}-W{week:02d}")
            day += timedelta(days=7)
        return weeks


def period(date_from: str, date_to: str, *, today: date) -> Period:
    """The days asked for; by default the year up to today."""
    last = _day(date_to, "to") if date_to else today
    first = _day(date_from, "from") if date_from else last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidField("from", "开始日期不能晚于结束日期")
    if (last - first).days >= MAX_DAYS:
        raise InvalidField("from", "统计区间最长 3 年")
    return Period(first, last)


def created_window(created_from: str, created_to: str, *,
                   named: str = "created") -> tuple[datetime | None, datetime | None]:
    """A list's "made from .. to" days as [start, end) instants; either end may be open.
    The funnel's rule for a deal's day (created_at in Shanghai days), its years too.
    `named="closed"`: the same for the days deals were won or lost (closed_from/_to)."""
    first = _day(created_from, f"{named}_from") if created_from else None
    last = _day(created_to, f"{named}_to") if created_to else None
    if first and last and first > last:
        raise InvalidField(f"{named}_from", "开始日期不能晚于结束日期")
    return (Period(first, first).start if first else None,
            Period(last, last).end if last else None)


def _day(text: str, field: str) -> date:
    day = iso_day(text, field)
    if not EARLIEST <= day <= LATEST:
        raise InvalidField(field, "日期应在 2000 年至 2099 年之间")
    return day
