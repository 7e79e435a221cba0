"""A rep learns a lead is urgent after it was assigned: raising its urgency shortens the
first-contact clock already running (re-timed from the assignment with the new
allowance), in the database; lowering it never buys time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from leads.adapters import clock_repo
from leads.domain.commands import UpdateQualification
from leads.service_layer import clock, lists
from servicekit.auth import Principal
from servicekit.workcal.hours import SHANGHAI

pytestmark = pytest.mark.integration

ASSIGNED_AT = datetime(2025, 11, 4, 9, tzinfo=SHANGHAI)  # a Tuesday, 8 working hours: Wed 9:30
DIRECTOR = Principal(user_id="dir-1", username="director", role="director")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 11, 4, hour, minute, tzinfo=SHANGHAI)


async def patch_urgency(deps: Any, lead_id: str, urgency: str, now: datetime) -> Any:
    return await lists.update_qualification(
        UpdateQualification(lead_id=lead_id, urgency=urgency), DIRECTOR,
        replace(deps, clock=lambda: now))


async def pending(deps: Any, lead_id: str) -> list[tuple[str, datetime]]:
    async with deps.sessions() as session:
        rows = await clock_repo.pending(session, lead_id=lead_id)
    return [(r.kind, r.due_at) for r in rows]


async def _assigned_to_rep_urgent(deps: Any, org: Any, rules: clock.ClockRules,
                                  steps: Any) -> Any:
    """A lead just assigned (at ASSIGNED_AT, by `deps`' clock) to 华东's rep_urgent."""
    double, _ = org
    double.add_user(double.add_region("华东", ["江苏"]), "rep", "rep_urgent")
    return await steps.assigned_lead(deps, rules)


async def test_raising_urgency_shortens_the_running_clock_and_lowering_never_lengthens_it(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    deps = replace(deps, clock=lambda: ASSIGNED_AT)
    lead = await _assigned_to_rep_urgent(deps, org, rules, steps)
    assert lead.first_contact_due_at == datetime(2025, 11, 5, 9, 30, tzinfo=SHANGHAI)

    raised = await patch_urgency(deps, lead.id, "高", at(9, 30))
    expected = [("reminder_50", at(10)), ("reminder_90", at(10, 48)), ("overdue", at(11))]
    assert await pending(deps, lead.id) == expected
    assert raised.first_contact_due_at == at(11)
    assert (await steps.load(deps, lead.id)).first_contact_due_at == at(11)
    rows = await steps.deadline_rows(deps, lead.id)
    assert {r.created_at for r in rows} == {ASSIGNED_AT}  # still the assignment's clock
    assert len([r for r in rows if r.cancelled_at is not None]) == 3

    await patch_urgency(deps, lead.id, "低", at(9, 40))
    assert await pending(deps, lead.id) == expected
    assert (await steps.load(deps, lead.id)).first_contact_due_at == at(11)


async def test_a_contacted_lead_has_no_clock_to_re_time(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    deps = replace(deps, clock=lambda: ASSIGNED_AT)
    lead = await _assigned_to_rep_urgent(deps, org, rules, steps)
    async with deps.sessions() as session, session.begin():
        await clock_repo.stop_clock(session, lead_id=lead.id, now=at(9, 10))
    await patch_urgency(deps, lead.id, "高", at(9, 30))
    assert await pending(deps, lead.id) == []
