"""Which orders a KPI report reads: the window of creation times [since, until). Pure.

Without `since`, the report covers the latest whole periods (Asia/Shanghai) up to `until`
or, without it, up to and including the current one: 30 days, 12 ISO weeks or 12 months,
the first starting at a period start, so its row is a whole period. A dashboard opened
without dates then costs a year of orders however many years the company has. An explicit
range is honoured as given but may touch at most 366 days, 106 weeks or 36 months (one,
two, three years: the longest trend each granularity is read for); a longer one is refused
naming `since`, the end a caller widens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from workorders.domain.errors import InvalidField

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_PERIODS = {"day": 30, "week": 12, "month": 12}
MAX_PERIODS = {"day": 366, "week": 106, "month": 36}
_BY = {"day": "按天", "week": "按周", "month": "按月"}
_UNIT = {"day": "天", "week": "周", "month": "个月"}
_TICK = timedelta(microseconds=1)
_EARLIEST, _LATEST = datetime(1970, 1, 1, tzinfo=UTC), datetime(3000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Window:
    since: datetime
    until: datetime  # exclusive


def _index(day: date, period: str) -> int:
    """Periods numbered consecutively: the n-th day, ISO week (Mondays) or month."""
    if period == "day":
        return day.toordinal()
    if period == "week":
        return (day.toordinal() - day.weekday()) // 7
    return day.year * 12 + day.month - 1


def _start(index: int, period: str) -> datetime:
    if period == "day":
        first = date.fromordinal(index)
    elif period == "week":
        first = date.fromordinal(index * 7 + 1)  # ordinal 1 (0001-01-01) is a Monday
    else:
        first = date(index // 12, index % 12 + 1, 1)
    return datetime.combine(first, time(), SHANGHAI)


def _index_at(moment: datetime, period: str) -> int:
    return _index(moment.astimezone(SHANGHAI).date(), period)


def window(period: str, since: datetime | None, until: datetime | None, *,
           now: datetime) -> Window:
    """The [since, until) a report reads; raises InvalidField("since", ...) when refused."""
    for field, moment in (("since", since), ("until", until)):
        # Far outside any order's life; also keeps the period arithmetic within datetime's.
        if moment is not None and not _EARLIEST <= moment < _LATEST:
            raise InvalidField(field, "时间超出可统计范围（1970–2999 年）")
    if until is None:
        until = _start(_index_at(now, period) + 1, period)
    last = _index_at(until - _TICK, period)  # the period holding the window's last moment
    if since is None:
        since = _start(last - DEFAULT_PERIODS[period] + 1, period)
    if since >= until:
        raise InvalidField("since", "开始时间须早于结束时间")
    touched = last - _index_at(since, period) + 1
    if touched > MAX_PERIODS[period]:
        raise InvalidField("since", f"{_BY[period]}统计最长 {MAX_PERIODS[period]} "
                                    f"{_UNIT[period]}，请缩短区间或改用更粗的周期")
    return Window(since, until)
