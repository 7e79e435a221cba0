"""A manager in Shanghai asking for November's work-order KPIs means Shanghai's November."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from gateway.problems import Problem
from gateway.routes.workorder_admin import metrics_window


def test_bare_dates_are_shanghai_days_and_until_includes_its_day() -> None:
    since, until = metrics_window("2026-11-01", "2026-11-30")
    assert since is not None and until is not None
    assert since.ToDatetime(tzinfo=UTC) == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert until.ToDatetime(tzinfo=UTC) == datetime(2026, 11, 30, 16, tzinfo=UTC)


def test_a_time_without_offset_is_shanghai_time_and_one_with_an_offset_is_kept() -> None:
    since, until = metrics_window("2026-11-01T09:00:00", "2026-11-02T00:00:00Z")
    assert since is not None and until is not None
    assert since.ToDatetime(tzinfo=UTC) == datetime(2026, 11, 1, 1, tzinfo=UTC)
    assert until.ToDatetime(tzinfo=UTC) == datetime(2026, 11, 2, tzinfo=UTC)


def test_no_dates_leave_the_window_to_the_service() -> None:
    assert metrics_window("", "") == (None, None)


def test_a_date_that_is_not_one_names_its_field() -> None:
    with pytest.raises(Problem) as raised:
        metrics_window("2026-13-01", "")
    assert (raised.value.status, raised.value.field) == (422, "from")
