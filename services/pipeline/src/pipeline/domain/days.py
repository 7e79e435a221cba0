"""A date-only field of a request (a contract's delivery date, a planned visit's day, a
route's day, a list's bounds): YYYY-MM-DD and nothing else. Python's `date.fromisoformat`
also takes "20261201" and "2026-W48-2", which a partner calling gRPC directly could send
meaning something else; the gateway refuses them, and so does the service. ASCII digits
only: the regex digit class also matches full-width (２０２６-１２-０１) and other Unicode
digits, and only `fromisoformat` then stood between them and a date (today's CPython
refuses them, with the same message; `int()` takes them, so a parser change would not).
Pure."""

from __future__ import annotations

import re
from datetime import date

from pipeline.domain.errors import InvalidField

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FORMAT = "格式应为 YYYY-MM-DD（只写日期，不带时间）"


def iso_day(text: str, field: str, *, label: str = "日期") -> date:
    """The day `text` names, else InvalidField on `field` (「交货日期格式应为 YYYY-MM-DD…」)."""
    typed = text.strip()
    try:
        if _DAY.fullmatch(typed) is None:
            raise ValueError(typed)
        return date.fromisoformat(typed)
    except ValueError as error:
        raise InvalidField(field, f"{label}{FORMAT}") from error
