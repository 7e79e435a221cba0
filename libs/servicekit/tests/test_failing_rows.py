"""A deadline that keeps failing is tried less and less often, but never given up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from servicekit.failing_rows import FailingRows


def test_each_failure_doubles_the_wait_up_to_fifteen_minutes() -> None:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    book = FailingRows()
    waits = []
    for _ in range(13):
        retry = book.failed("lead-7", now)
        waits.append((retry.at - now).total_seconds())
        now = retry.at
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]
    assert book.get("lead-7").attempts == 13  # still there: deadlines are never dropped


def test_rows_are_ready_again_once_their_wait_is_over_the_longest_waiting_first() -> None:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    book = FailingRows()
    book.failed("b", now + timedelta(seconds=1))
    book.failed("a", now)
    book.failed("c", now)
    book.failed("c", now)  # second failure: waits 2 s
    assert book.ready(now) == []
    assert book.ready(now + timedelta(seconds=2)) == ["a", "b", "c"]
    book.keep_only({"b"})
    assert book.ids() == ["b"] and len(book) == 1
