"""List filters on time: what people type (a date, or an ISO datetime) read in Shanghai time.

`created_from=2026-11-01` means from 2026-11-01 00:00 Asia/Shanghai; `created_to=2026-11-30`
means up to the END of that day (the range is inclusive of the named day, as people mean
it). An ISO datetime is taken as given; without an offset it is Shanghai time.

The same holds for every time a person types into a body or a form (a visit's check-in, a
delegation's end): `typed_time` / `typed_stamp`. Python and protobuf would take a naive
time as UTC, 8 h off for people in Shanghai.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import AfterValidator
from servicekit.protos import timestamp

from gateway.problems import FieldProblem, validation_problem

SHANGHAI = ZoneInfo("Asia/Shanghai")
# What a protobuf Timestamp (and a day added to an end date) can carry, with room to
# spare: year 1 or 9999 in another zone overflowed into a 500.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
OUT_OF_RANGE = "时间超出范围（1900 年至 9999 年）"


def typed_time(moment: datetime) -> datetime:
    """A time a person typed: without an offset it is Shanghai time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=SHANGHAI)


def typed_stamp(moment: datetime | None) -> Timestamp | None:
    """`typed_time` as a protobuf Timestamp (None leaves the field unset)."""
    return timestamp(typed_time(moment)) if moment is not None else None


def _in_range(moment: datetime) -> datetime:
    if not EARLIEST <= typed_time(moment) <= LATEST:
        raise ValueError(OUT_OF_RANGE)
    return moment


# A datetime in a request body that is sent on as a Timestamp (naive: Asia/Shanghai).
Moment = Annotated[datetime, AfterValidator(_in_range)]

# A time the gateway's own tables hold (users, intake sources), answered with +08:00 like
# every time the services answer: PostgreSQL hands timestamptz back in UTC.
ShanghaiTime = Annotated[datetime, AfterValidator(lambda moment: moment.astimezone(SHANGHAI))]


def parse_bound(value: str, *, field: str, end: bool) -> datetime | None:
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time(), SHANGHAI)
        else:
            moment = typed_time(datetime.fromisoformat(text))
    except ValueError as error:
        raise validation_problem([FieldProblem(
            field, "应为日期 (2026-11-01) 或 ISO 时间 (2026-11-01T09:00:00+08:00)")]) from error
    try:
        _in_range(moment)
    except ValueError as error:
        raise validation_problem([FieldProblem(field, OUT_OF_RANGE)]) from error
    return moment + timedelta(days=1) if end and len(text) == 10 else moment
