"""List filters on time: what people type (a date, or an ISO datetime) read in Shanghai time.

`created_from=2026-11-01` means from 2026-11-01 00:00 Asia/Shanghai; `created_to=2026-11-30`
means up to the END of that day (the range is inclusive of the named day, as people mean
it). An ISO datetime is taken as given; without an offset it is Shanghai time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gateway.problems import FieldProblem, validation_problem

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse_bound(value: str, *, field: str, end: bool) -> datetime | None:
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime.combine(day, time(), SHANGHAI)
            return start + timedelta(days=1) if end else start
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise validation_problem([FieldProblem(
            field, "应为日期 (2026-11-01) 或 ISO 时间 (2026-11-01T09:00:00+08:00)")]) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)
