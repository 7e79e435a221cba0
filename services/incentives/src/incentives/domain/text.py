"""Text people type, in a form the database keeps. Pure."""

from __future__ import annotations

import re

# NUL above all: PostgreSQL text and JSONB refuse it (the write answered 502); the others
# are invisible garbage pasted from other programs. Newline, tab and carriage return stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(value: str) -> str:
    return _CONTROL.sub("", value or "").strip()
