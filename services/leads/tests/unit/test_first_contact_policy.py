"""How long a rep has for first contact, and when the reminders fall."""

from __future__ import annotations

from datetime import datetime

from leads.domain.first_contact import (
    DEFAULT_HOURS,
    clock_hours,
    deadlines,
    retimed,
    urgency_level,
)
from servicekit.workcal.hours import SHANGHAI, WorkingCalendar
from servicekit.workcal.seed import seeded_schedules

CAL = WorkingCalendar({d.day: d.is_workday for d in seeded_schedules()[2025].days()})


def test_lead_without_urgency_gets_the_medium_allowance() -> None:
    assert urgency_level(None) == urgency_level("") == urgency_level("???") == "中"
    assert clock_hours(None, DEFAULT_HOURS) == 8


def test_urgency_spellings_map_to_the_three_levels() -> None:
    assert urgency_level(" High ") == urgency_level("紧急") == "高"
    assert urgency_level("low") == "低"
    assert clock_hours("高", {"高": 1.5, "中": 8, "低": 24}) == 1.5


def test_missing_level_in_settings_falls_back_to_the_default_hours() -> None:
    assert clock_hours("低", {"高": 1}) == 24


def test_reminders_fall_at_half_and_ninety_percent_of_working_time() -> None:
    start = datetime(2025, 11, 4, 9, tzinfo=SHANGHAI)  # Tuesday
    due = {d.kind: d.due_at for d in deadlines(start, 8, CAL)}
    assert due["reminder_50"] == datetime(2025, 11, 4, 14, 30, tzinfo=SHANGHAI)  # 3 h + 1 h
    assert due["reminder_90"] == datetime(2025, 11, 4, 17, 42, tzinfo=SHANGHAI)  # 3 h + 4.2 h
    assert due["overdue"] == datetime(2025, 11, 5, 9, 30, tzinfo=SHANGHAI)       # 8 h


# A raised urgency re-times a running clock (first_contact.retimed; README "First contact").
TUESDAY_9 = datetime(2025, 11, 4, 9, tzinfo=SHANGHAI)
MEDIUM_DUE = datetime(2025, 11, 5, 9, 30, tzinfo=SHANGHAI)  # 8 working hours later


def at(hour: int, minute: int = 0, day: int = 4) -> datetime:
    return datetime(2025, 11, day, hour, minute, tzinfo=SHANGHAI)


def test_urgency_raised_early_re_times_the_clock_from_the_assignment() -> None:
    due = retimed(assigned_at=TUESDAY_9, running_due=MEDIUM_DUE, now=at(9, 30), hours=2,
                  calendar=CAL)
    assert due is not None
    assert [(d.kind, d.due_at) for d in due] == [
        ("reminder_50", at(10)), ("reminder_90", at(10, 48)), ("overdue", at(11))]


def test_urgency_raised_late_leaves_half_the_new_allowance_and_skips_passed_reminders() -> None:
    due = retimed(assigned_at=TUESDAY_9, running_due=MEDIUM_DUE, now=at(14), hours=2,
                  calendar=CAL)
    assert due is not None and [(d.kind, d.due_at) for d in due] == [("overdue", at(15))]


def test_a_lowered_urgency_never_moves_the_deadline_later() -> None:
    assert retimed(assigned_at=TUESDAY_9, running_due=at(11), now=at(9, 30), hours=8,
                   calendar=CAL) is None


def test_a_raise_just_before_the_running_deadline_keeps_the_sooner_one() -> None:
    assert retimed(assigned_at=TUESDAY_9, running_due=MEDIUM_DUE, now=at(9, day=5), hours=2,
                   calendar=CAL) is None
