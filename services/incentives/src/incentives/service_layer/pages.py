"""Cursor pages over computed lists (scores, payouts): an opaque offset token."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TypeVar

from incentives.domain.errors import InvalidField

T = TypeVar("T")


def page(items: Sequence[T], *, token: str, size: int) -> tuple[list[T], str]:
    size = size if 0 < size <= 500 else 50
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
                        .removeprefix("o:"))
        except ValueError as error:
            raise InvalidField("cursor", "分页游标无效") from error
    chunk = list(items[start:start + size])
    more = start + size < len(items)
    nxt = base64.urlsafe_b64encode(f"o:{start + size}".encode()).decode().rstrip("=")
    return chunk, nxt if more else ""
