"""Building and checking a year's schedule as admins submit it."""

from __future__ import annotations

from datetime import date

import pytest
from leads.domain.normalise import InvalidField
from servicekit.workcal.seed import seeded_schedules
from servicekit.workcal.year import Special, from_days, schedule


def test_every_day_of_the_year_is_stored_with_the_week_rule_by_default() -> None:
    days = schedule(2027, holidays=[], workdays=[]).days()
    assert len(days) == 365
    assert [d.is_workday for d in days[:4]] == [True, False, False, True]  # Fri Sat Sun Mon


def test_listed_holidays_are_off_and_makeup_days_are_worked() -> None:
    year = schedule(2027, holidays=[Special(date(2027, 10, 1), "国庆节")],
                    workdays=[Special(date(2027, 9, 26), "国庆节调休")])  # a Sunday
    by_day = {d.day: d for d in year.days()}
    assert not by_day[date(2027, 10, 1)].is_workday
    assert by_day[date(2027, 10, 1)].name == "国庆节"
    assert by_day[date(2027, 9, 26)].is_workday


def test_stored_days_read_back_as_the_submitted_schedule() -> None:
    submitted = schedule(2027, holidays=[Special(date(2027, 2, 8), "春节"),
                                         Special(date(2027, 2, 6), "春节")],
                         workdays=[Special(date(2027, 2, 20), "春节调休")])
    back = from_days(2027, submitted.days(), "admin")
    assert back.holidays == submitted.holidays and back.workdays == submitted.workdays


def test_date_outside_the_year_names_the_entry() -> None:
    with pytest.raises(InvalidField) as error:
        schedule(2027, holidays=[Special(date(2027, 1, 1)), Special(date(2028, 1, 1))],
                 workdays=[])
    assert error.value.field == "holidays.1.date"


def test_day_both_off_and_worked_is_refused() -> None:
    with pytest.raises(InvalidField) as error:
        schedule(2027, holidays=[Special(date(2027, 10, 1))],
                 workdays=[Special(date(2027, 10, 1))])
    assert error.value.field == "workdays.0.date"


def test_absurd_year_is_refused() -> None:
    with pytest.raises(InvalidField) as error:
        schedule(1800, holidays=[], workdays=[])
    assert error.value.field == "year"


def test_seed_knows_2025_golden_week_in_chinese() -> None:
    year = seeded_schedules()[2025]
    names = {s.day: s.name for s in year.holidays}
    assert names[date(2025, 10, 1)] == "国庆节"
    assert {s.day: s.name for s in year.workdays}[date(2025, 10, 11)] == "国庆节调休"
