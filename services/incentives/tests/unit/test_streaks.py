"""Seven consecutive working days with an on-time log earn the reward, once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from incentives.domain import streaks
from incentives.domain.periods import SHANGHAI
from servicekit.workcal.hours import WorkingCalendar

# 2026-10-01..07 National Day holiday; Sunday 2026-09-27 and Saturday 2026-10-10 worked
CAL = WorkingCalendar({date(2026, 10, d): False for d in range(1, 8)}
                      | {date(2026, 9, 27): True, date(2026, 10, 10): True})
POLICY = streaks.Policy()


def test_a_log_before_the_cutoff_on_a_working_day_is_on_time() -> None:
    day, ok, workday = streaks.on_time(datetime(2026, 9, 28, 20, 59, tzinfo=SHANGHAI),
                                       is_workday=CAL.is_workday, policy=POLICY)
    assert (day, ok, workday) == (date(2026, 9, 28), True, True)
    assert not streaks.on_time(datetime(2026, 9, 28, 21, 0, tzinfo=SHANGHAI),
                               is_workday=CAL.is_workday, policy=POLICY)[1]
    assert not streaks.on_time(datetime(2026, 10, 2, 10, tzinfo=SHANGHAI),
                               is_workday=CAL.is_workday, policy=POLICY)[1]


def test_holidays_neither_break_nor_extend_the_streak() -> None:
    # Sun 9-27 (make-up workday), Mon 9-28 .. Wed 9-30, then Thu 10-8, Fri 10-9, Sat 10-10
    days = {date(2026, 9, 27), date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30),
            date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)}
    length = streaks.streak(date(2026, 10, 10), days, is_workday=CAL.is_workday)
    assert length == 7 and streaks.earns(length, POLICY)


def test_missing_a_working_day_resets_the_streak() -> None:
    days = {date(2026, 11, 2) + timedelta(days=d) for d in range(12) if d != 3}
    assert streaks.streak(date(2026, 11, 13), days, is_workday=CAL.is_workday) == 6
    assert not streaks.earns(6, POLICY)
    assert streaks.streak(date(2026, 11, 14), days, is_workday=CAL.is_workday) == 6  # Sat
    assert streaks.streak(date(2026, 11, 16), days, is_workday=CAL.is_workday) == 0  # Mon
