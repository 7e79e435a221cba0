"""A web form's lead is stored assigned, with its first-contact clock running, in the
transaction that receives it; the assigner and the clock consumer only take what intake
could not place."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa
from leads.adapters.clients import OrgDirectoryClient
from leads.adapters.clock_orm import first_contact_deadlines
from leads.domain.commands import CreateLead
from leads.domain.model import ASSIGNED, NEW
from leads.service_layer import clock, handlers, reps, rules_admin
from leads.service_layer.intake_batch import Item, receive_many
from leads.service_layer.intake_inline import ASSIGNER, CLOCK
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.batching import Delivery, apply_batch
from servicekit.settings import DEMO_JWT_SECRET
from servicekit.tables import outbox
from servicekit.uow import UnitOfWork

from .assignment_helpers import ADMIN, add_rule, assign, event_types, load
from .factories import customer

pytestmark = pytest.mark.integration


async def web_forms(deps: handlers.Deps, province: str, n: int = 1) -> list[str]:
    """n new customers through the gateway's coalesced intake (one CreateLeads call)."""
    items = [Item(CreateLead(source="web_form", province=province, **customer()), {})
             for _ in range(n)]
    return [outcome.lead_id for outcome in await receive_many(items, deps)]  # type: ignore[union-attr]


async def deadlines(deps: handlers.Deps, lead_id: str) -> list[Any]:
    table = first_contact_deadlines
    async with deps.sessions() as session:
        rows = await session.execute(sa.select(table).where(
            table.c.lead_id == sa.cast(lead_id, sa.Uuid)).order_by(table.c.due_at))
        return list(rows.all())


async def assigned_event(deps: handlers.Deps, lead_id: str) -> events_pb2.LeadAssigned:
    async with deps.sessions() as session:
        [payload] = (await session.execute(sa.select(outbox.c.payload).where(
            outbox.c.aggregate_id == lead_id, outbox.c.type == "leads.assigned"))).scalars()
    return events_pb2.LeadAssigned.FromString(Envelope.FromString(payload).payload.value)


async def test_a_web_form_lead_is_stored_assigned_with_its_clock_and_both_events(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    region = double.add_region("华东", ["浙江"])
    rep = double.add_user(region, "rep", "rep31")
    [lead_id] = await web_forms(deps, "浙江")
    lead = await load(deps, lead_id)
    assert (lead.status, lead.owner_id, lead.region_id) == (ASSIGNED, rep.id, region.id)
    assert lead.assignment_reason.startswith("未匹配规则，华东区域轮询")
    assert await event_types(deps, lead_id) == ["leads.created", "leads.assigned"]
    rows = await deadlines(deps, lead_id)
    assert [r.kind for r in rows] == ["reminder_50", "reminder_90", "overdue"]
    assert {(r.owner_id, r.created_at, r.cancelled_at) for r in rows} == {
        (rep.id, lead.assigned_at, None)}
    assert lead.first_contact_due_at == rows[-1].due_at
    event = await assigned_event(deps, lead_id)
    assert event.assigned_at.ToDatetime().replace(tzinfo=lead.assigned_at.tzinfo) == \
        lead.assigned_at


async def test_the_consumers_find_nothing_left_to_do_for_it(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    region = double.add_region("华东", ["浙江"])
    double.add_user(region, "rep", "rep32")
    [lead_id] = await web_forms(deps, "浙江")
    before, rows = await load(deps, lead_id), await deadlines(deps, lead_id)
    await assign(deps, lead_id)  # its leads.created, delivered to the assigner
    async with UnitOfWork(deps.sessions, source="leads") as uow:  # its leads.assigned
        await clock.start_clock(await assigned_event(deps, lead_id), uow, clock.ClockRules())
        await uow.commit()
    assert await load(deps, lead_id) == before
    assert await deadlines(deps, lead_id) == rows
    assert await event_types(deps, lead_id) == ["leads.created", "leads.assigned"]


async def outcome_for(deps: handlers.Deps, lead_id: str, subject: str, durable: str) -> str:
    """What the durable's consumer does with the lead's event: applied or duplicate."""
    async with deps.sessions() as session:
        [payload] = (await session.execute(sa.select(outbox.c.payload).where(
            outbox.c.aggregate_id == lead_id, outbox.c.type == subject))).scalars()
    envelope = Envelope.FromString(payload)
    delivery = Delivery(None, envelope, envelope.payload, None)  # type: ignore[arg-type]

    async def nothing_to_do(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
        pass

    [outcome] = await apply_batch([delivery], nothing_to_do, durable=durable,
                                  sessions=deps.sessions, source="leads")
    return outcome


async def test_its_events_are_already_done_for_the_leads_own_consumers(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    region = double.add_region("华东", ["浙江"])
    double.add_user(region, "rep", "rep38")
    [lead_id] = await web_forms(deps, "浙江")
    assert await outcome_for(deps, lead_id, "leads.created", ASSIGNER) == "duplicate"
    assert await outcome_for(deps, lead_id, "leads.assigned", CLOCK) == "duplicate"
    # Everyone else's consumers still get them (notifications, incentives...).
    assert await outcome_for(deps, lead_id, "leads.assigned", "notifications") == "applied"


async def test_leads_the_org_directory_cannot_place_wait_new_for_the_assigner(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    double.regions.pop("青海", None)  # no region has the province: ResolveRegion fails
    [lead_id] = await web_forms(deps, "青海")
    lead = await load(deps, lead_id)
    assert (lead.status, lead.owner_id) == (NEW, "")
    assert await event_types(deps, lead_id) == ["leads.created"]
    assert await deadlines(deps, lead_id) == []
    assert await outcome_for(deps, lead_id, "leads.created", ASSIGNER) == \
        "applied"
    region = double.add_region("西北", ["青海"])
    rep = double.add_user(region, "rep", "rep33")
    assert (await assign(deps, lead_id)).owner_id == rep.id
    assert await event_types(deps, lead_id) == ["leads.created", "leads.assigned"]


async def test_a_web_form_arriving_while_the_org_directory_is_down_waits_new_for_the_assigner(
    deps: handlers.Deps,
) -> None:
    down = OrgDirectoryClient("127.0.0.1:9", jwt_secret=DEMO_JWT_SECRET, timeout_seconds=0.3)
    try:  # before, the directory's outage failed the whole intake batch
        [lead_id] = await web_forms(replace(deps, org=down), "江苏")
    finally:
        await down.close()
    assert ((await load(deps, lead_id)).status, await event_types(deps, lead_id)) == (
        NEW, ["leads.created"])


async def test_weighted_shares_and_caps_hold_across_concurrent_intake_batches(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    north = double.add_region("华北", ["河北"])
    heavy, light = (double.add_user(north, "rep", u) for u in ("rep34", "rep35"))
    west = double.add_region("西南", ["云南"])
    capped, _free = (double.add_user(west, "rep", u) for u in ("rep36", "rep37"))
    await reps.set_assignment_settings(heavy.id, capacity=2, daily_cap=None,
                                       principal=ADMIN, deps=deps)
    await reps.set_assignment_settings(capped.id, capacity=5, daily_cap=4,
                                       principal=ADMIN, deps=deps)
    rule = await add_rule(deps, name="河北", region_ids=(north.id,),
                          target_user_ids=(heavy.id, light.id))
    batches = await asyncio.gather(*(web_forms(deps, p, 5) for p in ("河北", "云南") * 3))
    leads = [await load(deps, i) for batch in batches for i in batch]
    assert Counter(lead.owner_username for lead in leads) == {
        "rep34": 10, "rep35": 5, "rep36": 4, "rep37": 11}
    assert {lead.assignment_rule_id for lead in leads if lead.province == "河北"} == {rule.id}


async def test_a_rule_changed_between_two_batches_applies_to_the_next_one(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    region = double.add_region("华南", ["广西"])
    first, second = (double.add_user(region, "rep", u) for u in ("rep39", "rep40"))
    rule = await add_rule(deps, name="广西给 rep39", region_ids=(region.id,),
                          target_user_ids=(first.id,))
    [before] = await web_forms(deps, "广西")
    await rules_admin.update_rule(replace(rule, target_user_ids=(second.id,)), ADMIN, deps)
    [after] = await web_forms(deps, "广西")
    assert [(await load(deps, i)).owner_id for i in (before, after)] == [first.id, second.id]
