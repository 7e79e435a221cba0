"""The leads-clock consumer's batches: one set-based transaction gives each lead the clock
that starting it event by event would have given."""

from __future__ import annotations

from typing import Any

import pytest
from leads.domain.commands import AssignLead, CreateLead
from leads.service_layer import clock, handlers
from leads.service_layer.clock_batch import start_clocks
from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.batching import Delivery
from servicekit.uow import UnitOfWork

from ..factories import customer

pytestmark = pytest.mark.integration


def region_with(org: tuple[Any, str], *reps: str) -> None:
    double, _ = org
    region = double.add_region("华东", ["江苏"])
    for rep in reps:
        double.add_user(region, "rep", rep)


async def assigned_events(deps: Any, steps: Any, lead_id: str) -> list[events_pb2.LeadAssigned]:
    return [events_pb2.LeadAssigned.FromString(e.payload.value)
            for e in await steps.events_of(deps, lead_id, "leads.assigned")]


async def start_batch(deps: Any, rules: clock.ClockRules,
                      events: list[events_pb2.LeadAssigned]) -> None:
    deliveries = [Delivery(None, None, e, None) for e in events]  # type: ignore[arg-type]
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await start_clocks(uow, deliveries, rules)
        await uow.commit()


async def unclocked_lead(deps: Any) -> str:
    """A lead the assigner assigned whose leads.assigned the clock has not seen yet."""
    lead_id, _ = await handlers.create_lead(
        CreateLead(source="web_form", province="江苏", **customer()), deps)
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await handlers.assign_lead(AssignLead(lead_id=lead_id), uow, deps)
        await uow.commit()
    return lead_id


async def test_a_batch_starts_each_leads_clock_from_its_assignment(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    region_with(org, "rep01", "rep02")
    first, second = await unclocked_lead(deps), await unclocked_lead(deps)
    stale = events_pb2.LeadAssigned(lead_id=first, owner_id="someone-else")
    stale.assigned_at.GetCurrentTime()
    events = [*await assigned_events(deps, steps, first),
              *await assigned_events(deps, steps, second), stale]
    await start_batch(deps, rules, events)
    for lead_id in (first, second):
        lead = await steps.load(deps, lead_id)
        rows = await steps.deadline_rows(deps, lead_id)
        assert [r.kind for r in rows] == ["reminder_50", "reminder_90", "overdue"]
        assert {r.owner_id for r in rows} == {lead.owner_id}
        assert {r.created_at for r in rows} == {lead.assigned_at}  # the clock's start
        assert lead.assigned_at < rows[0].due_at < rows[1].due_at < rows[2].due_at
        assert lead.first_contact_due_at == rows[-1].due_at


async def test_a_repeated_event_leaves_the_running_clock_alone(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    region_with(org, "rep01")
    lead = await steps.assigned_lead(deps, rules)
    before = await steps.deadline_rows(deps, lead.id)
    events = await assigned_events(deps, steps, lead.id)
    await start_batch(deps, rules, events + events)  # redelivered, twice in a batch
    await steps.start_clock(deps, rules, lead.id)  # and one by one
    assert await steps.deadline_rows(deps, lead.id) == before
    assert all(r.cancelled_at is None for r in before) and len(before) == 3


async def test_only_the_current_owners_event_starts_a_clock(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    region_with(org, "rep01")
    lead = await steps.assigned_lead(deps, rules)
    [event] = await assigned_events(deps, steps, lead.id)
    stale = events_pb2.LeadAssigned(lead_id=lead.id, owner_id="previous-owner")
    stale.assigned_at.GetCurrentTime()
    await start_batch(deps, rules, [stale])
    rows = await steps.deadline_rows(deps, lead.id)
    assert len(rows) == 3 and all(r.cancelled_at is None for r in rows)
    assert {r.owner_id for r in rows} == {event.owner_id}
