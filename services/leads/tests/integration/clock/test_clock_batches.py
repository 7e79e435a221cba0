"""The leads-clock consumer's batches: one set-based transaction gives each lead the clock
that starting it event by event would have given."""

from __future__ import annotations

from typing import Any

import pytest
from leads.service_layer import clock
from leads.service_layer.clock_batch import start_clocks
from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.batching import Delivery
from servicekit.uow import UnitOfWork

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


async def test_a_batch_starts_each_leads_clock_as_one_by_one_would(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    region_with(org, "rep01", "rep02")
    one_by_one = await steps.assigned_lead(deps, rules)
    first = await steps.assigned_lead(deps, rules)
    second = await steps.assigned_lead(deps, rules)
    stale = events_pb2.LeadAssigned(lead_id=first.id, owner_id="someone-else")
    stale.assigned_at.GetCurrentTime()
    for lead in (first, second):  # assigned_lead started them one by one: start again
        events = await assigned_events(deps, steps, lead.id)
        await start_batch(deps, rules, [*events, stale])
    reference = [r.kind for r in await steps.deadline_rows(deps, one_by_one.id)]
    for lead in (first, second):
        rows = await steps.deadline_rows(deps, lead.id)
        running = [r for r in rows if r.cancelled_at is None]
        assert [r.kind for r in running] == reference == ["reminder_50", "reminder_90",
                                                          "overdue"]
        assert {r.owner_id for r in running} == {lead.owner_id}
        assert len(rows) == 6  # the earlier clock cancelled, not deleted
        assert (await steps.load(deps, lead.id)).first_contact_due_at == running[-1].due_at


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
