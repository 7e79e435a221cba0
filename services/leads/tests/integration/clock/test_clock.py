"""The first-contact clock over real PostgreSQL: started by leads.assigned, fired by the
deadline job (rows moved into the past instead of waiting), escalated and reassigned."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from leads.adapters import clock_repo
from leads.domain.first_contact import deadlines
from leads.entrypoints.clock import deadline_job
from leads.service_layer import clock, merging
from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.auth import Principal
from servicekit.scheduler import fire_due
from servicekit.uow import UnitOfWork
from servicekit.workcal.hours import SHANGHAI, WorkingCalendar
from servicekit.workcal.loader import CALENDAR_FALLBACK
from servicekit.workcal.seed import seeded_schedules

pytestmark = pytest.mark.integration


async def fire(deps: Any, rules: clock.ClockRules) -> int:
    return await fire_due(deadline_job(deps, rules), deps.sessions, source="leads")


def region_with(org: tuple[Any, str], *reps: str, manager: str = "mgr") -> tuple[Any, Any]:
    double, _ = org
    region = double.add_region("华东", ["江苏"])
    for rep in reps:
        double.add_user(region, "rep", rep)
    return region, double.add_user(region, "manager", manager)


async def test_assignment_starts_a_clock_of_two_reminders_and_an_overdue_deadline(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    region_with(org, "rep01")
    lead = await steps.assigned_lead(deps, rules)
    rows = await steps.deadline_rows(deps, lead.id)
    assert [r.kind for r in rows] == ["reminder_50", "reminder_90", "overdue"]
    assert {r.owner_id for r in rows} == {lead.owner_id}
    schedules = seeded_schedules()
    known = {d.day: d.is_workday for y in (lead.assigned_at.year, lead.assigned_at.year + 1)
             if y in schedules for d in schedules[y].days()}
    expected = deadlines(lead.assigned_at, 8, WorkingCalendar(known))
    assert [r.due_at for r in rows] == [d.due_at for d in expected]
    assert lead.first_contact_due_at == rows[-1].due_at


async def test_half_time_reminds_the_owner(deps: Any, org: Any, rules: clock.ClockRules,
                                           steps: Any) -> None:
    region_with(org, "rep01")
    lead = await steps.assigned_lead(deps, rules)
    await steps.make_due(deps, lead.id, "reminder_50")
    assert await fire(deps, rules) >= 1
    [envelope] = await steps.events_of(deps, lead.id, "leads.first_contact_reminder")
    reminder = events_pb2.LeadFirstContactReminder.FromString(envelope.payload.value)
    assert (reminder.owner_id, reminder.percent) == (lead.owner_id, 50)
    assert reminder.due_at.ToDatetime(tzinfo=UTC) == lead.first_contact_due_at


async def test_overdue_escalates_to_the_manager_and_reassigns_to_the_next_rep(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    _, manager = region_with(org, "rep01", "rep02")
    lead = await steps.assigned_lead(deps, rules)
    await steps.make_due(deps, lead.id, "overdue")
    await fire(deps, rules)
    [envelope] = await steps.events_of(deps, lead.id, "leads.first_contact_overdue")
    overdue = events_pb2.LeadFirstContactOverdue.FromString(envelope.payload.value)
    assert list(overdue.manager_ids) == [manager.id]
    assert overdue.owner_id == lead.owner_id and overdue.reassigned_to_id
    moved = await steps.load(deps, lead.id)
    assert moved.owner_id == overdue.reassigned_to_id != lead.owner_id
    assert "未在时限内首次联系" in moved.assignment_reason
    # The reassignment is announced like any assignment, and the new owner's clock starts.
    assert len(await steps.events_of(deps, lead.id, "leads.assigned")) == 2
    await steps.start_clock(deps, rules, lead.id)
    rows = await steps.deadline_rows(deps, lead.id)
    live = [r for r in rows if r.fired_at is None and r.cancelled_at is None]
    assert {r.owner_id for r in live} == {moved.owner_id} and len(live) == 3
    assert all(r.cancelled_at or r.fired_at for r in rows if r.owner_id == lead.owner_id)


async def test_overdue_without_the_reassign_rule_only_escalates(
    deps: Any, org: Any, steps: Any,
) -> None:
    rules = clock.ClockRules(reassign_on_overdue=False)
    region_with(org, "rep01", "rep02")
    lead = await steps.assigned_lead(deps, rules)
    await steps.make_due(deps, lead.id, "overdue")
    await fire(deps, rules)
    [envelope] = await steps.events_of(deps, lead.id, "leads.first_contact_overdue")
    assert events_pb2.LeadFirstContactOverdue.FromString(
        envelope.payload.value).reassigned_to_id == ""
    assert (await steps.load(deps, lead.id)).owner_id == lead.owner_id


DIRECTOR = Principal(user_id="director-1", username="director", role="director")


async def merged_pair(deps: Any, org: Any, rules: clock.ClockRules, steps: Any
                      ) -> tuple[Any, Any, Any]:
    """Two assigned leads, the second merged into the first by a director."""
    region_with(org, "rep01", "rep02")
    survivor = await steps.assigned_lead(deps, rules)
    merged = await steps.assigned_lead(deps, rules)
    return survivor, merged, await merging.merge_leads(survivor.id, merged.id, DIRECTOR, deps)


async def pending_rows(deps: Any, lead_id: str) -> list[Any]:
    async with deps.sessions() as session:
        return await clock_repo.pending(session, lead_id=lead_id)


async def test_a_lead_merged_into_another_is_no_longer_chased_by_its_clock(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    _, merged, _ = await merged_pair(deps, org, rules, steps)
    for kind in ("reminder_50", "overdue"):
        await steps.make_due(deps, merged.id, kind)
    await fire(deps, rules)
    # The customer is the survivor's now: nobody is reminded, escalated or handed it.
    for kind in ("leads.first_contact_reminder", "leads.first_contact_overdue"):
        assert await steps.events_of(deps, merged.id, kind) == []
    assert (await steps.load(deps, merged.id)).owner_id == merged.owner_id


async def test_a_merge_undone_after_its_deadline_passed_chases_the_lead_again_with_a_fresh_clock(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    survivor, merged, merge = await merged_pair(deps, org, rules, steps)
    await steps.make_due(deps, merged.id, "overdue")
    await fire(deps, rules)  # skipped: the customer was the survivor's then
    assert await steps.events_of(deps, merged.id, "leads.first_contact_overdue") == []
    await merging.unmerge_leads(survivor.id, merge.id, DIRECTOR, deps)
    # A separate customer again, still never contacted: a whole new clock runs.
    assert {row.kind for row in await pending_rows(deps, merged.id)} == {
        "reminder_50", "reminder_90", "overdue"}
    await steps.make_due(deps, merged.id, "overdue")
    await fire(deps, rules)
    assert len(await steps.events_of(deps, merged.id, "leads.first_contact_overdue")) == 1


async def test_a_merge_undone_before_any_deadline_leaves_the_running_clock_alone(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    survivor, merged, merge = await merged_pair(deps, org, rules, steps)
    running = {str(row.id) for row in await pending_rows(deps, merged.id)}
    await merging.unmerge_leads(survivor.id, merge.id, DIRECTOR, deps)
    assert {str(row.id) for row in await pending_rows(deps, merged.id)} == running != set()


async def test_a_deadline_fires_once_even_when_the_job_runs_again(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    region_with(org, "rep01")
    lead = await steps.assigned_lead(deps, rules)
    await steps.make_due(deps, lead.id, "reminder_90")
    await fire(deps, rules)
    await fire(deps, rules)
    assert len(await steps.events_of(deps, lead.id, "leads.first_contact_reminder")) == 1


async def test_clock_into_a_year_without_schedule_counts_monday_to_friday_and_is_counted(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    region_with(org, "rep01")
    lead = await steps.assigned_lead(deps, rules)
    before = CALENDAR_FALLBACK.labels("2030")._value.get()
    event = events_pb2.LeadAssigned(lead_id=lead.id, owner_id=lead.owner_id)
    event.assigned_at.FromDatetime(datetime(2029, 12, 31, 9, tzinfo=SHANGHAI))  # a Monday
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await clock.start_clock(event, uow, rules)
        await uow.commit()
    lead = await steps.load(deps, lead.id)
    # 7.5 h on 31 December, 0.5 h on 1 January 2030, an ordinary Tuesday without data.
    assert lead.first_contact_due_at == datetime(2030, 1, 1, 9, 30, tzinfo=SHANGHAI)
    assert CALENDAR_FALLBACK.labels("2030")._value.get() == before + 1


async def test_stale_assignment_event_starts_no_second_clock(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    region_with(org, "rep01")
    lead = await steps.assigned_lead(deps, rules)
    event = events_pb2.LeadAssigned(lead_id=lead.id, owner_id="someone-else")
    event.assigned_at.GetCurrentTime()
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await clock.start_clock(event, uow, rules)
        await uow.commit()
    rows = await steps.deadline_rows(deps, lead.id)
    assert len(rows) == 3 and {r.owner_id for r in rows} == {lead.owner_id}
