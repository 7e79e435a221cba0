"""List filters on time: what people type (a date, or an ISO datetime) read in Shanghai time.

`created_from=2026-11-01` means from 2026-11-01 00:00 Asia/Shanghai; `created_to=2026-11-30`
means up to the END of that day (the range is inclusive of the named day, as people mean
it). An ISO datetime is taken as given; without an offset it is Shanghai time.

The same holds for every time a person types into a body or a form (a visit's check-in, a
delegation's end): `typed_time` / `typed_stamp`. Python and protobuf would take a naive
time as UTC, 8 h off for people in Shanghai.

Every time, date or clock time a request carries (body, form or query) is one of the types
below: pydantic reads a number, or a string of digits, as Unix seconds, so "20261220" meant
a moment in 1970-08 and the answer blamed the value ("must be later than now"). A bare
number is refused naming the field and the format, and so is anything but YYYY-MM-DD for a
date-only field (a date-time was taken, its time dropped). Each type marks its OpenAPI
schema with `TYPED_TIME`, so a test can find a time input that skipped them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import AfterValidator, BeforeValidator, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from servicekit.protos import timestamp

from gateway.problems import FieldProblem, validation_problem

SHANGHAI = ZoneInfo("Asia/Shanghai")
# What a protobuf Timestamp (and a day added to an end date) can carry, with room to
# spare: year 1 or 9999 in another zone overflowed into a 500.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
OUT_OF_RANGE = "时间超出范围（1900 年至 9999 年）"
ISO_TIME = "请使用 ISO 8601 时间，如 2026-12-20T18:00:00+08:00（不带时区即北京时间）"
ISO_DATE = "请使用 ISO 8601 日期 YYYY-MM-DD，如 2026-12-20（只写日期，不带时间）"
ISO_BOUND = "请使用 ISO 8601 日期或时间，如 2026-12-20 或 2026-12-20T18:00:00+08:00"
CLOCK = "请使用 HH:MM 时间，如 22:00"
# The OpenAPI extension every typed time input carries (its value: the format expected).
TYPED_TIME = "x-salesos-time"
_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?")
# A date-only field takes YYYY-MM-DD and nothing else: pydantic's date also took a
# midnight date-time ("2026-12-01T00:00:00+08:00", its offset silently dropped) and
# Python's fromisoformat takes "2026-W48-2"; a time on a date-only field is a
# misunderstanding to point out, not to round away.
# ASCII digits only: `\d` also takes full-width ２０２６ (a Chinese IME's digits), which
# the services then refused without the field's format.
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
NO_SUCH_DAY = "没有这一天：{day}（请检查月份和日期，如 2 月没有 30 日）"


def looks_like_a_number(value: object) -> bool:
    """A JSON number, or digits only ("20261220", "1766217600"): not a time people mean."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and _NUMBER.fullmatch(value.strip()) is not None


@dataclass(frozen=True)
class _Typed:
    """Refuses numbers with `message`, and marks the field's schema with `form`; with a
    `shape`, text must be exactly that (surrounding spaces aside; "" stays "")."""

    form: str
    message: str
    shape: re.Pattern[str] | None = None

    def __call__(self, value: Any) -> Any:
        if looks_like_a_number(value):
            raise ValueError(self.message)
        if self.shape is not None and isinstance(value, str):
            value = value.strip()
            if value and not self.shape.fullmatch(value):
                raise ValueError(self.message)
            if value and self.shape is _DAY:
                _a_real_day(value)
        return value

    def __get_pydantic_json_schema__(self, core: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core)
        schema[TYPED_TIME] = self.form
        return schema


def _a_real_day(text: str) -> None:
    """"2026-02-30" has the shape of a date but is none: said here, the same for every
    date field, not left to a service whose refusal blamed the format."""
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(NO_SUCH_DAY.format(day=text)) from None


def by_end_of_day(value: object) -> object:
    """A bare date where a moment is asked — a due date, an end of delegation or of an
    absence, from a date picker — means through that day: its last second in Shanghai,
    not its first (read as midnight, an order was overdue on the morning it was due and a
    delegation ended a day early). Anything else is left to the field's own type."""
    if isinstance(value, str) and _DAY.fullmatch(value.strip()):
        _a_real_day(value.strip())
        return f"{value.strip()}T23:59:59+08:00"
    return value


def _typed(form: str, message: str, shape: re.Pattern[str] | None = None
           ) -> tuple[BeforeValidator, _Typed]:
    check = _Typed(form, message, shape)
    return BeforeValidator(check), check


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
Moment = Annotated[datetime, *_typed("date-time", ISO_TIME), AfterValidator(_in_range)]
# A moment where a date alone (a date picker's) means through that day: `by_end_of_day`.
MomentByDayEnd = Annotated[Moment, BeforeValidator(by_end_of_day)]
# A calendar day (2026-12-20).
Day = Annotated[date, *_typed("date", ISO_DATE, _DAY)]
# A day as text, for the fields a service reads itself ("" when the field is optional).
DayText = Annotated[str, *_typed("date", ISO_DATE, _DAY)]
# A list's bound, read by `parse_bound`: a day, or an ISO time.
Bound = Annotated[str, *_typed("date or date-time", ISO_BOUND)]
# A clock time of day (quiet hours): HH:MM.
ClockTime = Annotated[str, *_typed("HH:MM", CLOCK)]

# A time the gateway's own tables hold (users, intake sources), answered with +08:00 like
# every time the services answer: PostgreSQL hands timestamptz back in UTC.
ShanghaiTime = Annotated[datetime, AfterValidator(lambda moment: moment.astimezone(SHANGHAI))]


def parse_bound(value: str, *, field: str, end: bool) -> datetime | None:
    text = value.strip()
    if not text:
        return None
    if looks_like_a_number(text):
        raise validation_problem([FieldProblem(field, ISO_BOUND)])
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
