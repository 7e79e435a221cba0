"""The first-visit report's clock: "48 小时" is two working days of the mainland calendar.

The clock runs around the clock on a working day and stands still on a day off (weekend,
public holiday; a make-up workday counts), so a deal moved to 初访 on the last day before
国庆 is due 48 hours of working days later, not during the holiday. Not the leads clock's
working hours (09:00–18:00 less lunch): 48 of those are six and a half working days, and
a report is written on the evening of the visit as often as in office hours. Which days are
worked is the service's calendar_days (servicekit.workcal), the same as leads'.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from servicekit.workcal.hours import SHANGHAI, WorkingCalendar

_MAX_DAYS = 3660


def report_due(entered: datetime, hours: float, calendar: WorkingCalendar) -> datetime:
    """The moment `hours` of working-day time after `entered` (Asia/Shanghai days)."""
    remaining = timedelta(hours=hours)
    moment = entered.astimezone(SHANGHAI)
    day = moment.date()
    for _ in range(_MAX_DAYS):
        next_midnight = datetime.combine(day + timedelta(days=1), time(), SHANGHAI)
        if calendar.is_workday(day):
            if remaining <= next_midnight - moment:
                return moment + remaining
            remaining -= next_midnight - moment
        moment, day = next_midnight, day + timedelta(days=1)
    raise ValueError(f"no working day within {_MAX_DAYS} days")
