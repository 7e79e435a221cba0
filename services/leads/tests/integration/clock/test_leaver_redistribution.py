"""A leaver's open leads back through the assignment rules (HandOverLeads with by_rules)
over real PostgreSQL and a real gRPC directory: the rules' team takes them with the leaver
left out, each lead says why, each new owner is told once per batch summary, fresh
first-contact clocks where the first contact is owed, and leads nobody else can take stay."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from leads.domain.assignment import Candidate
from leads.domain.rules import Rule
from leads.service_layer import clock, lifecycle, rules_admin
from leads.service_layer.leaver_handover import HandOver, hand_over_leads_by_rules
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.auth import Principal
from servicekit.tables import outbox
from sqlalchemy import select

pytestmark = pytest.mark.integration
ADMIN = Principal(user_id="admin-1", username="admin", role="admin")


def order(leaver: Any, handover_id: str, manager_id: str = "") -> HandOver:
    return HandOver(handover_id=handover_id, from_user=Candidate(leaver.id, leaver.username),
                    to_user=Candidate("", ""), by=Candidate(ADMIN.user_id, ADMIN.username),
                    reason="离职", leaver_manager_id=manager_id)


async def summaries(deps: Any, handover_id: str) -> list[events_pb2.LeadsHandedOver]:
    async with deps.sessions() as session:
        rows = await session.execute(select(outbox.c.payload).where(
            outbox.c.type == "leads.handed_over", outbox.c.aggregate_id == handover_id))
        return [events_pb2.LeadsHandedOver.FromString(Envelope.FromString(p).payload.value)
                for p in rows.scalars()]


async def test_a_leavers_open_leads_go_back_through_the_rules_to_everyone_but_the_leaver(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    double, _ = org
    region = double.add_region("华东", ["江苏"])
    manager = double.add_user(region, "manager", "mgr-east", managed=(region.id,))
    leaver = double.add_user(region, "rep", "rep-leaving", manager_id=manager.id)
    waiting = [await steps.assigned_lead(deps, rules) for _ in range(3)]
    contacted, qualified = [await steps.assigned_lead(deps, rules) for _ in range(2)]
    owner = Principal(user_id=leaver.id, username=leaver.username, role="rep")
    for lead in (contacted, qualified):
        await lifecycle.log_contact(lifecycle.LogContact(lead.id, "call", "聊过"), owner, deps)
    await lifecycle.qualify(qualified.id, owner, deps)
    east_a = double.add_user(region, "rep", "rep-east-a", manager_id=manager.id)
    east_b = double.add_user(region, "rep", "rep-east-b", manager_id=manager.id)
    # The rule's team still lists the leaver: the handover leaves them out all the same.
    await rules_admin.create_rule(Rule(id="", name="华东全部", region_ids=(region.id,),
                                       target_user_ids=(leaver.id, east_a.id, east_b.id)),
                                  ADMIN, deps)

    spread = await hand_over_leads_by_rules(order(leaver, "h-r1", manager.id),
                                            principal=ADMIN, deps=deps, batch=3)

    assert (spread.moved, spread.unplaced) == (4, 0)
    moved = [await steps.load(deps, lead.id) for lead in (*waiting, contacted)]
    assert Counter(lead.owner_id for lead in moved) == {east_a.id: 2, east_b.id: 2}
    for lead in moved:
        assert lead.assignment_reason.startswith(
            "离职交接：rep-leaving 的线索按分配规则重新分配（离职）；规则「华东全部」匹配；")
        [assigned] = (await steps.events_of(deps, lead.id, "leads.assigned"))[1:]
        told = events_pb2.LeadAssigned.FromString(assigned.payload.value)
        assert (told.handover_id, told.owner_id) == ("h-r1", lead.owner_id)  # silent
    assert (await steps.load(deps, qualified.id)).owner_id == leaver.id
    # Each new owner is summed up under the handover (one item each in notifications);
    # the leaver's manager gets the whole count, with no successor named.
    told = await summaries(deps, "h-r1")
    per_owner = Counter()
    for summary in told:
        per_owner[summary.to_user_id or "manager"] += summary.count
        assert summary.leaver_manager_id == ("" if summary.to_user_id else manager.id)
    assert per_owner == {east_a.id: 2, east_b.id: 2, "manager": 4}
    # The new owners' clocks start afresh where the first contact is still owed.
    for lead in moved:
        await steps.start_clock(deps, rules, lead.id)
    for lead in moved[:3]:
        rows = await steps.deadline_rows(deps, lead.id)
        assert {r.owner_id for r in rows if r.cancelled_at is None} == {lead.owner_id}
    assert {r.owner_id for r in await steps.deadline_rows(deps, contacted.id)} == {leaver.id}

    again = await hand_over_leads_by_rules(order(leaver, "h-r1", manager.id),
                                           principal=ADMIN, deps=deps)
    assert (again.moved, again.unplaced) == (0, 0)


async def test_a_lead_nobody_else_can_take_stays_with_the_leaver_and_is_counted(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    double, _ = org
    region = double.add_region("西北", ["甘肃"])
    leaver = double.add_user(region, "rep", "rep-alone")
    lead = await steps.assigned_lead(deps, rules, province="甘肃")
    assert lead.owner_id == leaver.id

    spread = await hand_over_leads_by_rules(order(leaver, "h-r2"), principal=ADMIN,
                                            deps=deps, batch=1)

    assert (spread.moved, spread.unplaced) == (0, 1)
    assert (await steps.load(deps, lead.id)).owner_id == leaver.id
    assert await summaries(deps, "h-r2") == []
    # A colleague joins the region: the same request again places it.
    joined = double.add_user(region, "rep", "rep-joined")
    spread = await hand_over_leads_by_rules(order(leaver, "h-r2"), principal=ADMIN, deps=deps)
    assert (spread.moved, spread.unplaced) == (1, 0)
    now = await steps.load(deps, lead.id)
    assert now.owner_id == joined.id
    assert "未匹配规则，西北区域轮询" in now.assignment_reason
