"""A leaver's open leads go to their successor in one step (HandOverLeads) over real
PostgreSQL: in batches, each lead told as a reassign but silent per lead, qualified leads
following their deals to the successor, disqualified ones left with the leaver, a fresh
first-contact clock where the first contact is still owed, and a re-run that moves what
is left."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import grpc
import pytest
from leads.adapters.clients import OrgDirectoryClient
from leads.domain.assignment import Candidate
from leads.entrypoints.grpc_server import SERVICE_NAME, LeadServicer
from leads.service_layer import clock, lifecycle
from leads.service_layer.leaver_handover import (
    HandOver,
    hand_over_leads,
    hand_over_qualified_leads,
)
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.auth import Principal, bearer_metadata, issue_token
from servicekit.errors import FieldError, PermissionDenied, field_violations
from servicekit.procs import free_port
from servicekit.settings import DEMO_JWT_SECRET, ServiceSettings
from servicekit.tables import outbox
from servicekit.testing.grpc import grpc_serving
from sqlalchemy import select

pytestmark = pytest.mark.integration
ADMIN = Principal(user_id="admin-1", username="admin", role="admin")


def order(leaver: Any, successor: Any, handover_id: str = "h-1") -> HandOver:
    return HandOver(handover_id=handover_id, from_user=Candidate(leaver.id, leaver.username),
                    to_user=Candidate(successor.id, successor.username),
                    by=Candidate(ADMIN.user_id, ADMIN.username), reason="离职")


async def summaries(deps: Any, handover_id: str) -> list[events_pb2.LeadsHandedOver]:
    async with deps.sessions() as session:
        rows = await session.execute(select(outbox.c.payload).where(
            outbox.c.type == "leads.handed_over", outbox.c.aggregate_id == handover_id))
        return [events_pb2.LeadsHandedOver.FromString(Envelope.FromString(p).payload.value)
                for p in rows.scalars()]


async def test_a_leavers_open_and_qualified_leads_go_to_the_successor_disqualified_stay(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    double, _ = org
    region = double.add_region("华东", ["江苏"])
    leaver = double.add_user(region, "rep", "rep-left", display_name="唐欣")
    waiting = [await steps.assigned_lead(deps, rules) for _ in range(3)]
    contacted, qualified, disqualified = [await steps.assigned_lead(deps, rules)
                                          for _ in range(3)]
    owner = Principal(user_id=leaver.id, username=leaver.username, role="rep")
    for lead in (contacted, qualified):
        await lifecycle.log_contact(lifecycle.LogContact(lead.id, "call", "聊过"), owner, deps)
    await lifecycle.qualify(qualified.id, owner, deps)
    await lifecycle.disqualify(disqualified.id, "空号", owner, deps)
    successor = double.add_user(region, "rep", "rep-next", display_name="周婷")
    old_due = {lead.id: lead.first_contact_due_at for lead in waiting}

    moved = await hand_over_leads(order(leaver, successor), principal=ADMIN, deps=deps,
                                  batch=2)
    assert await hand_over_qualified_leads(order(leaver, successor), principal=ADMIN,
                                           deps=deps, batch=2) == 1

    assert moved == 4
    for lead in (*waiting, contacted, qualified):
        now = await steps.load(deps, lead.id)
        assert (now.owner_id, now.owner_username) == (successor.id, "rep-next")
        # People named as the directory shows them, not by login.
        assert now.assignment_reason == "离职交接：由 唐欣 转给 周婷（离职）"
        [assigned] = (await steps.events_of(deps, lead.id, "leads.assigned"))[1:]
        told = events_pb2.LeadAssigned.FromString(assigned.payload.value)
        assert told.handover_id == "h-1"  # silent per lead: the summary tells
        assert len(await steps.events_of(deps, lead.id, "leads.reassigned")) == 1
    assert (await steps.load(deps, qualified.id)).status == "qualified"
    assert (await steps.load(deps, disqualified.id)).owner_id == leaver.id
    # Two batches of two, then the qualified one: the successor is told 5 once.
    assert sorted(s.count for s in await summaries(deps, "h-1")) == [1, 2, 2]
    # The qualified lead was contacted long ago: no first-contact clock for the successor.
    await steps.start_clock(deps, rules, qualified.id)
    assert successor.id not in {r.owner_id for r in await steps.deadline_rows(deps, qualified.id)}

    # The leads-clock consumer starts the successor's clock afresh where a first
    # contact is still owed; the contacted lead met its clock and gets none.
    for lead in (*waiting, contacted):
        await steps.start_clock(deps, rules, lead.id)
    for lead in waiting:
        rows = await steps.deadline_rows(deps, lead.id)
        assert {r.owner_id for r in rows if r.cancelled_at is None} == {successor.id}
        assert (await steps.load(deps, lead.id)).first_contact_due_at >= old_due[lead.id]
    assert {r.owner_id for r in await steps.deadline_rows(deps, contacted.id)} == {leaver.id}


async def test_running_the_handover_again_moves_nothing_more(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    double, _ = org
    region = double.add_region("华东", ["江苏"])
    leaver = double.add_user(region, "rep", "rep-left2")
    lead = await steps.assigned_lead(deps, rules)
    successor = double.add_user(region, "rep", "rep-next2")
    assert await hand_over_leads(order(leaver, successor, "h-2"), principal=ADMIN,
                                 deps=deps) == 1
    assert await hand_over_leads(order(leaver, successor, "h-2"), principal=ADMIN,
                                 deps=deps) == 0
    assert len(await steps.events_of(deps, lead.id, "leads.reassigned")) == 1
    assert [s.count for s in await summaries(deps, "h-2")] == [1]


async def test_who_may_hand_over_and_to_whom(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    double, _ = org
    region = double.add_region("华东", ["江苏"])
    leaver = double.add_user(region, "rep", "rep-left3")
    lead = await steps.assigned_lead(deps, rules)
    gone = double.add_user(region, "rep", "rep-gone", active=False)
    engineer = double.add_user(region, "engineer", "eng-1")
    rep = Principal(user_id="r", username="r", role="rep")
    with pytest.raises(PermissionDenied):
        await hand_over_leads(order(leaver, gone), principal=rep, deps=deps)
    for successor in (gone, engineer, leaver):
        with pytest.raises(FieldError) as refused:
            await hand_over_leads(order(leaver, successor), principal=ADMIN, deps=deps)
        assert refused.value.field == "to_user_id"
    # A manager of another region moves none of this region's leads.
    other = Principal(user_id="m", username="m", role="manager", region_ids=("elsewhere",))
    successor = double.add_user(region, "rep", "rep-next3")
    assert await hand_over_leads(order(leaver, successor), principal=other, deps=deps) == 0
    assert (await steps.load(deps, lead.id)).owner_id == leaver.id


async def test_over_grpc_a_service_token_cannot_hand_leads_to_a_stopped_finance_or_unknown_user(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any, leads_stub: Any,
) -> None:
    """The gateway checks the successor, but HandOverLeads does not take its word for it: a
    partner's service token (or a bug upstream) naming the wrong person moves nothing."""
    double, _ = org
    lead = await steps.assigned_lead(deps, rules)
    leaver = next(u for u in double.users if u.id == lead.owner_id)
    region = next(r for r in double.regions.values() if r.id == leaver.region_id)
    stopped = double.add_user(region, "rep", "rep-stopped", active=False)
    finance = double.add_user(region, "finance", "fin-1")
    partner = _metadata(Principal(user_id="service:partner", username="partner",
                                  role="service"))
    for successor_id in (stopped.id, finance.id, "ghost-user", leaver.id, ""):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await leads_stub.HandOverLeads(leads_pb2.HandOverLeadsRequest(
                handover_id="h-g1", from_user_id=leaver.id, from_username=leaver.username,
                to_user_id=successor_id, to_username="rep-next"), metadata=partner)
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT, successor_id
        assert field_violations(refused.value)[0][0] == "to_user_id"
    assert (await steps.load(deps, lead.id)).owner_id == leaver.id
    assert await summaries(deps, "h-g1") == []

    # The right successor: named as the directory knows them, whatever the caller wrote.
    heir = double.add_user(region, "manager", "mgr-heir", managed=(region.id,))
    moved = await leads_stub.HandOverLeads(leads_pb2.HandOverLeadsRequest(
        handover_id="h-g1", from_user_id=leaver.id, from_username=leaver.username,
        to_user_id=heir.id, to_username="admin"), metadata=partner)
    assert moved.moved >= 1
    assert (await steps.load(deps, lead.id)).owner_username == "mgr-heir"
    assert {s.to_username for s in await summaries(deps, "h-g1")} == {"mgr-heir"}


async def test_with_the_directory_down_no_lead_moves_and_the_caller_is_told_to_retry(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    lead = await steps.assigned_lead(deps, rules)
    # A real directory client whose directory does not answer (nothing listens there).
    down = OrgDirectoryClient(f"127.0.0.1:{free_port()}", jwt_secret=DEMO_JWT_SECRET,
                              timeout_seconds=0.5, cache_seconds=0)
    cut_off = replace(deps, org=down)

    def register(server: grpc.aio.Server) -> list[str]:
        leads_pb2_grpc.add_LeadServiceServicer_to_server(LeadServicer(cut_off), server)
        return [SERVICE_NAME]

    async with grpc_serving(ServiceSettings(demo=True, service_name="leads"), register) \
            as addr, grpc.aio.insecure_channel(addr) as channel:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await leads_pb2_grpc.LeadServiceStub(channel).HandOverLeads(
                leads_pb2.HandOverLeadsRequest(handover_id="h-g2", from_user_id=lead.owner_id,
                                               to_user_id="anyone"),
                metadata=_metadata(ADMIN))
    await down.close()
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
    assert (await steps.load(deps, lead.id)).owner_id == lead.owner_id
    assert await summaries(deps, "h-g2") == []


def _metadata(principal: Principal) -> tuple[tuple[str, str], ...]:
    return bearer_metadata(issue_token(principal, DEMO_JWT_SECRET))


async def test_over_grpc_a_rules_handover_gives_the_qualified_lead_to_the_deals_successor(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any, leads_stub: Any,
) -> None:
    """QA #9: the deal went to rep03 while its qualified lead stayed with the leaver, so
    rep03 got 404 on the lead and its contact log. Now the lead follows the deal."""
    double, _ = org
    region = double.add_region("华东", ["江苏"])
    leaver = double.add_user(region, "rep", "rep21", display_name="唐欣")
    qualified, disqualified, waiting = [await steps.assigned_lead(deps, rules)
                                        for _ in range(3)]
    owner = Principal(user_id=leaver.id, username=leaver.username, role="rep")
    talk = lifecycle.LogContact(qualified.id, "visit", "见了采购，决策人是总工")
    await lifecycle.log_contact(talk, owner, deps)
    await lifecycle.qualify(qualified.id, owner, deps)
    await lifecycle.disqualify(disqualified.id, "同行", owner, deps)
    heir = double.add_user(region, "rep", "rep03", display_name="周婷")
    heir_token = _metadata(Principal(user_id=heir.id, username=heir.username, role="rep"))
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await leads_stub.GetLead(leads_pb2.GetLeadRequest(lead_id=qualified.id),
                                 metadata=heir_token)
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND

    finance = double.add_user(region, "finance", "fin-q1")
    with pytest.raises(grpc.aio.AioRpcError) as refused:  # checked before anything moves
        await leads_stub.HandOverLeads(leads_pb2.HandOverLeadsRequest(
            handover_id="h-q1", from_user_id=leaver.id, to_user_id=finance.id, by_rules=True),
            metadata=_metadata(ADMIN))
    assert field_violations(refused.value)[0][0] == "to_user_id"
    assert (await steps.load(deps, waiting.id)).owner_id == leaver.id

    reply = await leads_stub.HandOverLeads(leads_pb2.HandOverLeadsRequest(
        handover_id="h-q1", from_user_id=leaver.id, from_username=leaver.username,
        to_user_id=heir.id, to_username=heir.username, reason="离职", by_rules=True),
        metadata=_metadata(ADMIN))

    assert (reply.moved, reply.qualified_moved) == (1, 1)  # the open one by the rules
    lead = await leads_stub.GetLead(leads_pb2.GetLeadRequest(lead_id=qualified.id),
                                    metadata=heir_token)
    assert (lead.owner_id, lead.status) == (heir.id, "qualified")
    assert lead.assignment_reason == "离职交接：由 唐欣 转给 周婷（离职）"
    contacts = await leads_stub.ListContacts(leads_pb2.ListContactsRequest(
        lead_id=qualified.id), metadata=heir_token)
    assert [c.outcome for c in contacts.contacts] == ["见了采购，决策人是总工"]
    assert (await steps.load(deps, disqualified.id)).owner_id == leaver.id
    told = [s for s in await summaries(deps, "h-q1") if s.lead_ids == [qualified.id]]
    assert [(s.to_user_id, s.count, s.leaver_manager_id) for s in told] == [(heir.id, 1, "")]
    again = await leads_stub.HandOverLeads(leads_pb2.HandOverLeadsRequest(
        handover_id="h-q1", from_user_id=leaver.id, to_user_id=heir.id, by_rules=True),
        metadata=_metadata(ADMIN))
    assert again.qualified_moved == 0


async def test_a_manager_hands_over_his_reps_leads_of_another_region_too(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    """A director had given a 华东 customer to a 华南 rep; the rep leaves. His manager sees
    that lead (it is his person's) and his handover moves it with the rest."""
    from leads.service_layer import handover

    double, _ = org
    east = double.add_region("华东", ["江苏"])
    double.add_user(east, "rep", "rep-east-x")
    south = double.add_region("华南", ["广东"])
    mgr = double.add_user(south, "manager", "mgr-south-x", managed=(south.id,))
    leaver = double.add_user(south, "rep", "rep-south-left", manager_id=mgr.id)
    successor = double.add_user(south, "rep", "rep-south-next", manager_id=mgr.id)
    lead = await steps.assigned_lead(deps, rules, province="江苏")
    await handover.reassign_lead(lead.id, owner_id=leaver.id, reason="客户在广州设厂",
                                 principal=replace(ADMIN, role="director"), deps=deps)
    stranger = Principal(user_id="m-n", username="m-n", role="manager",
                         region_ids=("north-x",))
    assert await hand_over_leads(order(leaver, successor, "h-x"), principal=stranger,
                                 deps=deps) == 0
    manager = Principal(user_id=mgr.id, username=mgr.username, role="manager",
                        region_ids=(south.id,))
    assert await hand_over_leads(order(leaver, successor, "h-x"), principal=manager,
                                 deps=deps) == 1
    moved = await steps.load(deps, lead.id)
    assert (moved.owner_id, moved.region_id) == (successor.id, east.id)
