"""Working-time arithmetic on the mainland calendar (2025/2026 from chinese-calendar)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from servicekit.workcal.hours import SHANGHAI, WorkingCalendar, WorkingHours, add_working_time
from servicekit.workcal.seed import seeded_schedules

SCHEDULES = seeded_schedules()


def calendar(*years: int, hours: WorkingHours | None = None) -> WorkingCalendar:
    days = {d.day: d.is_workday for y in years for d in SCHEDULES[y].days()}
    return WorkingCalendar(days, hours or WorkingHours())


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_hours_inside_one_morning_are_plain_addition() -> None:
    assert add_working_time(sh(2025, 11, 4, 9), 2, calendar(2025)) == sh(2025, 11, 4, 11)


def test_lunch_break_does_not_count() -> None:
    # 11:00 + 2h: one hour before lunch, one after 13:30.
    assert add_working_time(sh(2025, 11, 4, 11), 2, calendar(2025)) == sh(2025, 11, 4, 14, 30)


def test_a_working_day_holds_seven_and_a_half_hours() -> None:
    assert add_working_time(sh(2025, 11, 4, 9), 7.5, calendar(2025)) == sh(2025, 11, 4, 18)
    assert add_working_time(sh(2025, 11, 4, 9), 8, calendar(2025)) == sh(2025, 11, 5, 9, 30)


def test_friday_evening_clock_runs_from_monday_morning() -> None:
    # 2025-11-07 is a Friday; the weekend does not count.
    assert add_working_time(sh(2025, 11, 7, 17), 2, calendar(2025)) == sh(2025, 11, 10, 10)


def test_clock_started_before_nine_starts_at_nine() -> None:
    assert add_working_time(sh(2025, 11, 4, 6, 15), 1, calendar(2025)) == sh(2025, 11, 4, 10)


def test_clock_started_at_lunch_starts_after_lunch() -> None:
    assert add_working_time(sh(2025, 11, 4, 12, 40), 1, calendar(2025)) == sh(2025, 11, 4, 14, 30)


def test_clock_started_at_night_starts_next_workday_morning() -> None:
    assert add_working_time(sh(2025, 11, 4, 22), 0.5, calendar(2025)) == sh(2025, 11, 5, 9, 30)


def test_national_day_golden_week_is_skipped() -> None:
    # 2025: 1-8 October off; 9 October (Thursday) is the first day back.
    assert add_working_time(sh(2025, 9, 30, 17), 2, calendar(2025)) == sh(2025, 10, 9, 10)


def test_makeup_saturday_is_a_working_day() -> None:
    # Saturday 11 October 2025 is worked (国庆调休); the clock runs on it.
    assert add_working_time(sh(2025, 10, 10, 17), 2, calendar(2025)) == sh(2025, 10, 11, 10)


def test_makeup_sunday_before_the_holiday_is_a_working_day() -> None:
    # Sunday 28 September 2025 is worked, Saturday 27th is not.
    assert add_working_time(sh(2025, 9, 26, 17), 2, calendar(2025)) == sh(2025, 9, 28, 10)


def test_year_end_into_a_year_without_data_falls_back_to_monday_to_friday() -> None:
    cal = calendar(2026)
    # Thursday 31 December 2026 17:00 + 2h -> Friday 1 January 2027 10:00: 2027 has no
    # schedule yet, so New Year's Day counts as an ordinary Friday, and the year is noted.
    assert add_working_time(sh(2026, 12, 31, 17), 2, cal) == sh(2027, 1, 1, 10)
    assert cal.fallback_years == {2027}


def test_known_year_uses_no_fallback() -> None:
    cal = calendar(2025)
    add_working_time(sh(2025, 6, 3, 9), 24, cal)
    assert cal.fallback_years == set()


def test_new_year_day_with_data_is_skipped() -> None:
    # 1 January 2026 (Thursday) to 3 January are off; Sunday 4 January is worked.
    cal = calendar(2025, 2026)
    assert add_working_time(sh(2025, 12, 31, 17), 2, cal) == sh(2026, 1, 4, 10)


def test_start_in_another_time_zone_is_read_in_shanghai_time() -> None:
    # 01:00 UTC is 09:00 in Shanghai.
    start = datetime(2025, 11, 4, 1, tzinfo=UTC)
    assert add_working_time(start, 1, calendar(2025)) == sh(2025, 11, 4, 10)


def test_shanghai_has_no_daylight_saving_jump() -> None:
    # Days around the dates other zones switch stay 24 hours long here.
    for day in (date(2025, 3, 9), date(2025, 3, 30), date(2025, 10, 26), date(2025, 11, 2)):
        start = datetime.combine(day, time(0), tzinfo=SHANGHAI)
        assert (start + timedelta(days=1)).utcoffset() == start.utcoffset() == timedelta(hours=8)


def test_deadline_on_the_end_of_a_period_stays_there() -> None:
    assert add_working_time(sh(2025, 11, 4, 9), 3, calendar(2025)) == sh(2025, 11, 4, 12)


def test_custom_working_hours_are_honoured() -> None:
    hours = WorkingHours(start=time(8, 30), end=time(17, 30), lunch_start=time(12),
                         lunch_end=time(13))
    assert add_working_time(sh(2025, 11, 4, 16), 2, calendar(2025, hours=hours)) == \
        sh(2025, 11, 5, 9)  # 1.5 h today, 0.5 h from 08:30


def test_naive_start_and_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        add_working_time(datetime(2025, 11, 4, 9), 1, calendar(2025))
    with pytest.raises(ValueError, match="negative"):
        add_working_time(sh(2025, 11, 4, 9), -1, calendar(2025))


def test_inconsistent_working_hours_are_refused() -> None:
    with pytest.raises(ValueError):
        WorkingHours(start=time(18), end=time(9))
