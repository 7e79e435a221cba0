"""The first-contact clock's settings, and the deadlines of many clocks computed at once.

Its own module (not `clock.py`) so that `handlers.Deps` can carry the rules: intake starts
the clock of a lead it assigns inline, in the arrival's own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from servicekit.workcal.hours import WorkingCalendar, WorkingHours
from servicekit.workcal.loader import CalendarLoader, report_fallbacks
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.clock_orm import calendar_days
from leads.domain import first_contact
from leads.domain.first_contact import DEFAULT_HOURS, Deadline
from leads.domain.model import Lead


@dataclass
class ClockRules:
    hours_by_urgency: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    reassign_on_overdue: bool = True
    calendar: CalendarLoader = field(
        default_factory=lambda: CalendarLoader(calendar_days, WorkingHours()))


async def deadlines_of(session: AsyncSession, rules: ClockRules,
                       starts: Sequence[tuple[Lead, datetime]]) -> dict[str, list[Deadline]]:
    """Each lead's deadlines for a clock started at its moment. One calendar for the
    batch, and one computation per distinct (start, allowance): a batch assigned at one
    moment computes its deadlines once, not once per lead."""
    if not starts:
        return {}
    years = sorted({start.year for _, start in starts})
    base = await rules.calendar.load(session, years[0], years[-1] + 1)
    computed: dict[tuple[datetime, float], tuple[list[Deadline], set[int]]] = {}
    found: dict[str, list[Deadline]] = {}
    for lead, start in starts:
        hours = first_contact.clock_hours(lead.urgency, rules.hours_by_urgency)
        key = (start, hours)
        if key not in computed:
            calendar = WorkingCalendar(base.days, base.hours)  # its own fallback record
            computed[key] = (first_contact.deadlines(start, hours, calendar),
                             calendar.fallback_years)
        due, fallbacks = computed[key]
        if fallbacks:  # logged and counted per clock, as one by one did
            report_fallbacks(WorkingCalendar(base.days, base.hours, set(fallbacks)),
                             subject=f"lead {lead.id}")
        found[lead.id] = due
    return found
