"""List filters on time: what people type (a date, or an ISO datetime) read in Shanghai time.

`created_from=2026-11-01` means from 2026-11-01 00:00 Asia/Shanghai; `created_to=2026-11-30`
means up to the END of that day (the range is inclusive of the named day, as people mean
it). An ISO datetime is taken as given; without an offset it is Shanghai time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator

from gateway.problems import FieldProblem, validation_problem

SHANGHAI = ZoneInfo("Asia/Shanghai")
# What a protobuf Timestamp (and a day added to an end date) can carry, with room to
# spare: year 1 or 9999 in another zone overflowed into a 500.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
OUT_OF_RANGE = "时间超出范围（1900 年至 9999 年）"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


def _in_range(moment: datetime) -> datetime:
    if not EARLIEST <= _aware(moment) <= LATEST:
        raise ValueError(OUT_OF_RANGE)
    return moment


# A datetime in a request body that is sent on as a Timestamp (naive: Asia/Shanghai).
Moment = Annotated[datetime, AfterValidator(_in_range)]


def parse_bound(value: str, *, field: str, end: bool) -> datetime | None:
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time(), SHANGHAI)
        else:
            moment = _aware(datetime.fromisoformat(text))
    except ValueError as error:
        raise validation_problem([FieldProblem(
            field, "应为日期 (2026-11-01) 或 ISO 时间 (2026-11-01T09:00:00+08:00)")]) from error
    try:
        _in_range(moment)
    except ValueError as error:
        raise validation_problem([FieldProblem(field, OUT_OF_RANGE)]) from error
    return moment + timedelta(days=1) if end and len(text) == 10 else moment
