"""Cursor pages over computed lists (scores, payouts), or over a query (`window`: its
offset and limit): an opaque offset token."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TypeVar

from incentives.domain.errors import InvalidField

T = TypeVar("T")


def window(*, token: str, size: int) -> tuple[int, int]:
    """(offset, size) a page token and a page size ask for."""
    size = size if 0 < size <= 500 else 50
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
                        .removeprefix("o:"))
        except ValueError as error:
            raise InvalidField("cursor", "分页游标无效") from error
        if start < 0:
            raise InvalidField("cursor", "分页游标无效")
    return start, size


def next_token(start: int, size: int, *, more: bool) -> str:
    return base64.urlsafe_b64encode(f"o:{start + size}".encode()).decode().rstrip("=") \
        if more else ""


def page(items: Sequence[T], *, token: str, size: int) -> tuple[list[T], str]:
    start, size = window(token=token, size=size)
    chunk = list(items[start:start + size])
    return chunk, next_token(start, size, more=start + size < len(items))
