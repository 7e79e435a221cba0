"""Every row an export holds, read page by page through the list's own RPC, and the one
refusal when there are too many."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from gateway.problems import Problem

T = TypeVar("T")

EXPORT_MAX_ROWS = 10_000  # what one export may hold: more is refused, never cut short
Fetch = Callable[[str], Awaitable[tuple[Sequence[T], str]]]


async def every_row(fetch: Fetch[T], *, noun: str, narrow: str,
                    cap: int | None = EXPORT_MAX_ROWS) -> list[T]:
    """Every row of a cursor-paged list for an export: `fetch(cursor)` answers one page's
    rows and the next cursor ("" at the end). Past `cap` rows, export_too_large."""
    rows: list[T] = []
    cursor = ""
    while True:
        page, cursor = await fetch(cursor)
        rows += page
        if not cursor:
            return rows
        if cap is not None and len(rows) >= cap:
            raise export_too_large(noun, cap, narrow)


def export_too_large(noun: str, cap: int, narrow: str) -> Problem:
    """Past an export's cap: refused, not cut short — a truncated sheet sums to a wrong
    total and nobody notices the missing rows."""
    return Problem(422, "export_too_large",
                   detail=f"符合条件的{noun}超过 {cap} 条，请按{narrow}缩小范围后再导出")
