"""Escalation chains, the working-time helpers and the KPIs, without I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from servicekit.workcal.hours import SHANGHAI, WorkingCalendar, add_working_time
from workorders.domain import metrics
from workorders.domain.chain import Level, chain, default_chain, plan
from workorders.domain.creation import NewOrder, checked
from workorders.domain.errors import InvalidField
from workorders.domain.worktime import (
    end_of_next_workday,
    working_day_before,
    working_time_between,
)

CAL = WorkingCalendar({date(2026, 10, 1): False})


def test_chain_refuses_a_level_outside_one_to_three_naming_it() -> None:
    with pytest.raises(InvalidField) as refused:
        chain("engineering", 4, [Level(1, 0), Level(4, 1)])
    assert refused.value.field == "levels.1.level"


def test_chain_refuses_a_higher_level_earlier_than_a_lower_one() -> None:
    with pytest.raises(InvalidField):
        chain("engineering", 4, [Level(1, 3), Level(2, 1)])


def test_plan_puts_each_level_on_both_clocks_in_working_time() -> None:
    friday_5pm = datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI)
    found = plan(default_chain("engineering"), created_at=friday_5pm - timedelta(hours=4),
                 respond_by=friday_5pm, due_at=friday_5pm,
                 later=lambda start, offset: add_working_time(start, offset, CAL),
                 workday_before=lambda moment: working_day_before(moment, CAL))
    response = {d.level: d.due_at for d in found if d.clock == "response"}
    assert response[1] == friday_5pm
    # 2 working hours after Friday 17:00 is Monday 10:00.
    assert response[2] == datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    assert len([d for d in found if d.level]) == 6


def test_demo_step_spaces_levels_by_wall_time() -> None:
    start = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)
    found = plan(default_chain("x"), created_at=start, respond_by=start, due_at=start,
                 later=lambda s, o: s, workday_before=lambda m: m, step=timedelta(minutes=2))
    assert [d.due_at - start for d in found if d.clock == "response"] == \
        [timedelta(0), timedelta(minutes=2), timedelta(minutes=4)]


def working(**times: datetime) -> list:
    return plan(default_chain("x"), later=lambda s, o: add_working_time(s, o, CAL),
                workday_before=lambda m: working_day_before(m, CAL), **times)


def test_reminders_come_halfway_to_the_response_time_and_a_working_day_before_the_due_time(
        ) -> None:
    created = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)  # Monday
    found = working(created_at=created, respond_by=add_working_time(created, 4, CAL),
                    due_at=created + timedelta(days=3))
    due_soon = {d.clock: d.due_at for d in found if d.level == 0}
    # 2 working hours after 10:00 is 12:00; a working day before Thursday 10:00, Wednesday.
    assert due_soon == {"response_due": datetime(2026, 11, 30, 12, 0, tzinfo=SHANGHAI),
                        "delivery_due": created + timedelta(days=2)}
    close = working(created_at=created, respond_by=created,
                    due_at=created + timedelta(hours=5))
    assert "delivery_due" not in {d.clock for d in close}  # due within a day: no warning


def test_reminders_skip_nights_and_weekends() -> None:
    friday = datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI)
    monday = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    found = working(created_at=friday, respond_by=add_working_time(friday, 4, CAL),
                    due_at=datetime(2026, 12, 7, 10, 0, tzinfo=SHANGHAI))
    due_soon = {d.clock: d.due_at for d in found if d.level == 0}
    assert due_soon == {"response_due": monday,
                        "delivery_due": datetime(2026, 12, 4, 10, 0, tzinfo=SHANGHAI)}
    # A due time in the night counts from the end of the day before: the warning comes at
    # the start of that working day, not at 02:48.
    night = datetime(2026, 12, 3, 2, 48, tzinfo=SHANGHAI)
    assert working_day_before(night, CAL) == datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)
    # Over a holiday (1 October 2026 is off in CAL).
    assert working_day_before(datetime(2026, 10, 2, 10, 0, tzinfo=SHANGHAI), CAL) == \
        datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)


def test_working_time_between_skips_nights_lunch_weekends_and_holidays() -> None:
    friday = datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI)
    monday = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    assert working_time_between(friday, monday, CAL) == timedelta(hours=2)
    morning = datetime(2026, 11, 30, 11, 0, tzinfo=SHANGHAI)
    afternoon = datetime(2026, 11, 30, 14, 0, tzinfo=SHANGHAI)
    assert working_time_between(morning, afternoon, CAL) == timedelta(hours=1, minutes=30)


def test_progress_is_due_by_the_end_of_the_next_working_day() -> None:
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)
    assert end_of_next_workday(friday, CAL) == datetime(2026, 11, 30, 18, 0, tzinfo=SHANGHAI)
    before_holiday = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
    assert end_of_next_workday(before_holiday, CAL).date() == date(2026, 10, 2)


def test_new_order_needs_a_future_due_time_and_an_acceptance_standard() -> None:
    now = datetime(2026, 11, 27, tzinfo=UTC)
    base = NewOrder("", "非标件图纸", "评审通过", "engineering", now + timedelta(days=1))
    assert checked(base, now=now).title == "非标件图纸"
    with pytest.raises(InvalidField) as refused:
        checked(NewOrder("", "x", "y", "engineering", now), now=now)
    assert refused.value.field == "due_at"
    with pytest.raises(InvalidField) as refused:
        checked(NewOrder("", "x", " ", "engineering", now + timedelta(1)), now=now)
    assert refused.value.field == "acceptance_standard"


@pytest.mark.parametrize("due", [datetime(2027, 11, 29, tzinfo=UTC),
                                 datetime(9999, 12, 31, 15, 59, tzinfo=UTC)])
def test_a_due_time_more_than_a_year_ahead_is_refused_naming_due_at(due: datetime) -> None:
    now = datetime(2026, 11, 27, tzinfo=UTC)
    with pytest.raises(InvalidField) as refused:
        checked(NewOrder("", "图纸", "评审通过", "engineering", due), now=now)
    assert refused.value.field == "due_at"
    assert checked(NewOrder("", "图纸", "评审通过", "engineering", now + timedelta(days=366)),
                   now=now).due_at == now + timedelta(days=366)


def test_metrics_per_department_and_month_mean_p90_on_time_first_pass() -> None:
    at = datetime(2026, 11, 10, tzinfo=UTC)
    facts = [metrics.Facts("engineering", at, h * 3600, ok, fp)
             for h, ok, fp in ((1, True, True), (2, False, False), (3, True, None),
                               (10, None, None))]
    facts.append(metrics.Facts("finance", at, None, None, None))
    rows = {r.department: r for r in metrics.rows(facts, "month")}
    eng = rows["engineering"]
    assert (eng.period, eng.created, eng.accepted) == ("2026-11", 4, 4)
    assert eng.response_hours_mean == 4.0 and eng.response_hours_p90 == 10.0
    assert (eng.delivered, round(eng.on_time_rate, 2)) == (3, 0.67)
    assert (eng.reviewed, eng.first_pass_rate) == (2, 0.5)
    assert rows["finance"].accepted == 0
