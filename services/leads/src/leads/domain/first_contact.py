"""The first-contact clock: how long a rep has, and when to remind and escalate.

The allowance is N working hours per urgency (高/中/低); a lead without an urgency counts
as 中. `clock_hours` is the single place that reads urgency, so when the qualified fields
land on the lead it is the only function that needs to know their spelling.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from servicekit.workcal.hours import WorkingCalendar, add_working_time

REMINDER_50, REMINDER_90, OVERDUE = "reminder_50", "reminder_90", "overdue"
# Share of the allowance after which each deadline fires, in firing order.
FRACTIONS: dict[str, float] = {REMINDER_50: 0.5, REMINDER_90: 0.9, OVERDUE: 1.0}
PERCENT: dict[str, int] = {REMINDER_50: 50, REMINDER_90: 90}

HIGH, MEDIUM, LOW = "高", "中", "低"
DEFAULT_URGENCY = MEDIUM
DEFAULT_HOURS: dict[str, float] = {HIGH: 2.0, MEDIUM: 8.0, LOW: 24.0}
# Spellings a form or an import may use for the same three levels.
_ALIASES = {
    "高": HIGH, "high": HIGH, "urgent": HIGH, "紧急": HIGH, "h": HIGH,
    "中": MEDIUM, "medium": MEDIUM, "normal": MEDIUM, "一般": MEDIUM, "m": MEDIUM,
    "低": LOW, "low": LOW, "不急": LOW, "l": LOW,
}


def urgency_level(urgency: str | None) -> str:
    """高, 中 or 低; anything missing or unknown is 中."""
    return _ALIASES.get((urgency or "").strip().lower(), DEFAULT_URGENCY)


def clock_hours(urgency: str | None, hours_by_urgency: Mapping[str, float]) -> float:
    """Working hours a rep has to make first contact with a lead of this urgency."""
    level = urgency_level(urgency)
    return hours_by_urgency.get(level, DEFAULT_HOURS[level])


@dataclass(frozen=True)
class Deadline:
    kind: str
    due_at: datetime


def deadlines(start: datetime, hours: float, calendar: WorkingCalendar) -> list[Deadline]:
    """The reminders and the overdue moment of a clock started at `start`."""
    return [Deadline(kind, add_working_time(start, hours * share, calendar))
            for kind, share in FRACTIONS.items()]


def retimed(*, assigned_at: datetime, running_due: datetime, now: datetime, hours: float,
            calendar: WorkingCalendar) -> list[Deadline] | None:
    """The deadlines of a running clock whose urgency was raised to `hours` working hours
    (README "First contact"), or None when the running clock stands.

    Re-timed from the assignment with the new allowance, as if the lead had had that
    urgency from the start; but never later than the deadline already running (a lowered
    urgency does not buy time), and at least half the new allowance from now (whoever
    raises it has just learned it is urgent: the rep is not made overdue on the spot).
    Reminders the re-timed clock has already passed are not sent late."""
    overdue = add_working_time(assigned_at, hours, calendar)
    overdue = max(overdue, add_working_time(now, hours * 0.5, calendar))
    if overdue >= running_due:
        return None
    reminders = [d for d in deadlines(assigned_at, hours, calendar)
                 if d.kind != OVERDUE and now < d.due_at < overdue]
    return [*reminders, Deadline(OVERDUE, overdue)]
