"""The window of creation times a KPI report reads, without I/O: by default the latest
whole periods in Asia/Shanghai; an explicit range as given, bounded in length."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from workorders.domain.errors import InvalidField
from workorders.domain.metrics import period_of
from workorders.domain.window import MAX_PERIODS, SHANGHAI, window

# Friday 27 November 2026, 10:00 in Shanghai.
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)  # type: ignore[misc]


def test_a_monthly_dashboard_without_dates_covers_the_twelve_months_up_to_this_one() -> None:
    span = window("month", None, None, now=NOW)
    assert (span.since, span.until) == (at(2025, 12, 1), at(2026, 12, 1))


def test_a_weekly_one_covers_twelve_whole_iso_weeks_starting_on_a_monday() -> None:
    span = window("week", None, None, now=NOW)
    assert (span.since, span.until) == (at(2026, 9, 7), at(2026, 11, 30))
    assert span.since.weekday() == 0
    assert period_of(span.since, "week") == "2026-W37"


def test_a_daily_one_covers_thirty_days_up_to_today() -> None:
    span = window("day", None, None, now=NOW)
    assert (span.since, span.until) == (at(2026, 10, 29), at(2026, 11, 28))


def test_periods_start_at_midnight_in_shanghai_not_utc() -> None:
    # 1 December 01:00 in Shanghai is still 30 November in UTC: December is the current month.
    span = window("month", None, None, now=datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
    assert (span.since, span.until) == (at(2026, 1, 1), at(2027, 1, 1))
    assert span.since == datetime(2025, 12, 31, 16, 0, tzinfo=UTC)


def test_an_end_without_a_start_gets_the_default_periods_before_it() -> None:
    span = window("month", None, at(2025, 7, 1), now=NOW)
    assert (span.since, span.until) == (at(2024, 7, 1), at(2025, 7, 1))
    mid_june = window("month", None, at(2025, 6, 15, 12), now=NOW)
    assert mid_june.since == at(2024, 7, 1)


def test_an_explicit_old_range_is_read_exactly_as_asked() -> None:
    since, until = at(2024, 3, 15, 9, 30), at(2024, 5, 2)
    span = window("week", since, until, now=NOW)
    assert (span.since, span.until) == (since, until)


def test_a_start_without_an_end_runs_to_the_end_of_the_current_period() -> None:
    span = window("day", at(2026, 11, 1), None, now=NOW)
    assert (span.since, span.until) == (at(2026, 11, 1), at(2026, 11, 28))


@pytest.mark.parametrize("period, longest", [
    ("day", (at(2025, 11, 27), at(2026, 11, 28))),      # 366 days
    ("week", (at(2024, 12, 2), at(2026, 12, 14))),      # 106 ISO weeks
    ("month", (at(2023, 12, 1), at(2026, 12, 1))),      # 36 months
])
def test_the_longest_range_is_allowed_and_one_period_more_is_refused_naming_since(
        period: str, longest: tuple[datetime, datetime]) -> None:
    since, until = longest
    assert window(period, since, until, now=NOW).since == since
    with pytest.raises(InvalidField) as refused:
        window(period, since - timedelta(microseconds=1), until, now=NOW)
    assert refused.value.field == "since"
    assert str(MAX_PERIODS[period]) in refused.value.message


def test_a_start_not_before_the_end_is_refused_naming_since() -> None:
    with pytest.raises(InvalidField) as refused:
        window("day", at(2026, 11, 2), at(2026, 11, 1), now=NOW)
    assert refused.value.field == "since"


def test_a_moment_outside_any_orders_life_is_refused_naming_it() -> None:
    with pytest.raises(InvalidField) as refused:
        window("day", None, datetime(1, 1, 1, tzinfo=UTC), now=NOW)
    assert refused.value.field == "until"
