"""Working-time questions the work-order clocks ask on top of servicekit.workcal. Pure."""

from __future__ import annotations

from datetime import datetime, timedelta

from servicekit.workcal.hours import WorkingCalendar

_MAX_DAYS = 3660


def working_time_between(start: datetime, end: datetime,
                         calendar: WorkingCalendar) -> timedelta:
    """Working time from `start` to `end` (zero when `end` is not after `start`)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware")
    total = timedelta(0)
    local, stop = start.astimezone(calendar.hours.tz), end.astimezone(calendar.hours.tz)
    day = local.date()
    while day <= stop.date():
        if calendar.is_workday(day):
            for begin, finish in calendar.hours.periods(day):
                begin, finish = max(begin, local), min(finish, stop)
                if finish > begin:
                    total += finish - begin
        day += timedelta(days=1)
    return total


def end_of_next_workday(moment: datetime, calendar: WorkingCalendar) -> datetime:
    """The end of the first working day strictly after `moment`'s local day: the latest
    an assignee who posted (or accepted) at `moment` may post the next update."""
    day = moment.astimezone(calendar.hours.tz).date() + timedelta(days=1)
    for _ in range(_MAX_DAYS):
        if calendar.is_workday(day):
            return calendar.hours.periods(day)[-1][1]
        day += timedelta(days=1)
    raise ValueError(f"no working day found within {_MAX_DAYS} days")


def working_day_before(moment: datetime, calendar: WorkingCalendar) -> datetime:
    """One working day's worth of working time before `moment` (Monday 10:00 → Friday
    10:00; a night-time moment counts from the end of that day's work)."""
    periods = calendar.hours.periods(moment.date())
    remaining = sum((end - begin for begin, end in periods), timedelta(0))
    local = moment.astimezone(calendar.hours.tz)
    day = local.date()
    for _ in range(_MAX_DAYS):
        if calendar.is_workday(day):
            for begin, end in reversed(calendar.hours.periods(day)):
                end = min(end, local)
                if end <= begin:
                    continue
                if remaining <= end - begin:
                    return end - remaining
                remaining -= end - begin
        day -= timedelta(days=1)
    raise ValueError(f"no working day found within {_MAX_DAYS} days")
