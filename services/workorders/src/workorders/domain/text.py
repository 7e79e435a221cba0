"""Text people type, in a form the database keeps. Pure."""

from __future__ import annotations

import re

from workorders.domain.errors import InvalidField

# NUL above all: PostgreSQL text refuses it (the write failed with a 502); the others are
# invisible garbage pasted from other programs. Newline, tab and carriage return stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(value: str) -> str:
    return _CONTROL.sub("", value or "")


def comparable(value: str, field: str) -> str:
    """A filter value the database can compare: a NUL is refused naming the field (the
    list, its export and the KPIs answered 502 when a pasted id carried one). Filters are
    refused, not cleaned: a cleaned filter would answer for something nobody asked."""
    if "\x00" in value:
        raise InvalidField(field, "不能包含空字符（\\u0000）")
    return value
