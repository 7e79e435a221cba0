"""The assigner over real PostgreSQL and a real gRPC OrgDirectory: turns, fallbacks, faults."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa
from leads.adapters import repository
from leads.adapters.clients import OrgDirectoryClient
from leads.domain.commands import AssignLead, CreateLead
from leads.domain.model import Lead
from leads.service_layer import handlers
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.consumer import TransientError
from servicekit.settings import DEMO_JWT_SECRET
from servicekit.tables import outbox
from servicekit.uow import UnitOfWork

from .factories import customer

pytestmark = pytest.mark.integration


async def new_lead(deps: handlers.Deps, province: str = "江苏省") -> str:
    lead_id, _ = await handlers.create_lead(
        CreateLead(source="web_form", **customer(company="苏州精工机械"), province=province),
        deps)
    return lead_id


async def assign(deps: handlers.Deps, lead_id: str) -> None:
    """What the leads-assigner consumer does for one leads.created message."""
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await handlers.assign_lead(AssignLead(lead_id=lead_id), uow, deps)
        await uow.commit()


async def load(deps: handlers.Deps, lead_id: str) -> Lead:
    async with deps.sessions() as session:
        lead = await repository.get(session, lead_id=lead_id)
    assert lead is not None
    return lead


async def events_of(deps: handlers.Deps, lead_id: str, type_: str) -> list[Envelope]:
    async with deps.sessions() as session:
        query = sa.select(outbox.c.payload).where(outbox.c.aggregate_id == lead_id,
                                                  outbox.c.type == type_)
        return [Envelope.FromString(p) for p in (await session.execute(query)).scalars()]


async def test_leads_of_one_region_go_to_its_active_reps_in_turn(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    east = double.add_region("华东", ["江苏", "浙江"])
    for name in ("rep01", "rep02", "rep03"):
        double.add_user(east, "rep", name)
    double.add_user(east, "rep", "rep04-away", active=False)
    owners = []
    for _ in range(6):
        lead_id = await new_lead(deps)
        await assign(deps, lead_id)
        lead = await load(deps, lead_id)
        assert (lead.status, lead.region_id, lead.assignment_rule_id) == (
            "assigned", east.id, "")
        assert lead.assignment_reason.startswith("未匹配规则，华东区域轮询（权重1）")
        owners.append(lead.owner_username)
    assert owners == ["rep01", "rep02", "rep03", "rep01", "rep02", "rep03"]


async def test_assignment_publishes_lead_assigned_with_owner_and_reason(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    east = double.add_region("华东", ["江苏"])
    rep = double.add_user(east, "rep", "rep01")
    lead_id = await new_lead(deps)
    await assign(deps, lead_id)
    [envelope] = await events_of(deps, lead_id, "leads.assigned")
    assigned = events_pb2.LeadAssigned()
    assert envelope.payload.Unpack(assigned)
    assert (assigned.owner_id, assigned.owner_username, assigned.region_id, assigned.reason,
            assigned.company) == (
        rep.id, "rep01", east.id, "未匹配规则，华东区域轮询（权重1），rep01 今日第 1 条",
        "苏州精工机械")
    assert assigned.assigned_at.seconds > 0


async def test_concurrent_assigners_never_give_two_leads_the_same_turn(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    south = double.add_region("华南", ["广东"])
    for name in ("rep05", "rep06", "rep07"):
        double.add_user(south, "rep", name)
    lead_ids = [await new_lead(deps, "广东省") for _ in range(12)]
    await asyncio.gather(*(assign(deps, lead_id) for lead_id in lead_ids))
    owners = [(await load(deps, lead_id)).owner_username for lead_id in lead_ids]
    assert sorted(owners) == ["rep05"] * 4 + ["rep06"] * 4 + ["rep07"] * 4


async def test_an_assigned_lead_is_not_reassigned_when_its_event_comes_again(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    north = double.add_region("华北", ["北京"])
    double.add_user(north, "rep", "rep08")
    double.add_user(north, "rep", "rep09")
    lead_id = await new_lead(deps, "北京")
    await assign(deps, lead_id)
    await assign(deps, lead_id)
    assert (await load(deps, lead_id)).owner_username == "rep08"
    assert len(await events_of(deps, lead_id, "leads.assigned")) == 1


async def test_a_region_without_active_reps_gives_the_lead_to_its_manager(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    west = double.add_region("西南", ["四川"])
    double.add_user(west, "rep", "rep10", active=False)
    double.add_user(west, "manager", "mgr-west")
    lead_id = await new_lead(deps, "四川省")
    await assign(deps, lead_id)
    lead = await load(deps, lead_id)
    assert (lead.status, lead.owner_username) == ("assigned", "mgr-west")
    assert "经理" in lead.assignment_reason


async def test_a_region_with_nobody_leaves_the_lead_unassignable_with_a_reason(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    empty = double.add_region("西北", ["甘肃"])
    lead_id = await new_lead(deps, "甘肃")
    await assign(deps, lead_id)
    lead = await load(deps, lead_id)
    assert (lead.status, lead.owner_id, lead.region_id) == ("unassignable", "", empty.id)
    assert "无法分配" in lead.assignment_reason
    [sent] = await events_of(deps, lead_id, "leads.unassigned")
    event = events_pb2.LeadUnassignable()
    assert sent.payload.Unpack(event)
    # the zh text for older readers, and codes notifications words in English
    assert event.reason == lead.assignment_reason
    assert [(r.code, dict(r.params)) for r in event.reasons] == [
        ("region_unstaffed", {"region": "西北"})]


async def test_the_owner_of_a_lead_is_told_why_as_codes_beside_the_zh_text(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    """An English-reading rep is told why a lead is theirs in English: the reason travels
    as codes (proto Coded), as an unassignable lead's does."""
    double, _ = org
    south = double.add_region("华南", ["广东"])
    double.add_user(south, "rep", "rep21")
    lead_id = await new_lead(deps, "广东省")
    await assign(deps, lead_id)
    lead = await load(deps, lead_id)
    [sent] = await events_of(deps, lead_id, "leads.assigned")
    event = events_pb2.LeadAssigned()
    assert sent.payload.Unpack(event)
    assert event.reason == lead.assignment_reason
    assert [(r.code, dict(r.params)) for r in event.reasons] == [
        ("region_team", {"region": "华南", "rep": "rep21", "nth": "1", "weight": "1"})]


async def test_org_directory_down_is_a_transient_error_and_the_lead_stays_new(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    east = double.add_region("华东", ["江苏"])
    double.add_user(east, "rep", "rep01")
    lead_id = await new_lead(deps)
    down = OrgDirectoryClient("127.0.0.1:9", jwt_secret=DEMO_JWT_SECRET, timeout_seconds=0.5)
    try:
        with pytest.raises(TransientError):
            await assign(handlers.Deps(sessions=deps.sessions, org=down), lead_id)
    finally:
        await down.close()
    lead = await load(deps, lead_id)
    assert (lead.status, lead.owner_id) == ("new", "")
    assert await events_of(deps, lead_id, "leads.assigned") == []
    await assign(deps, lead_id)  # the retry, once the directory answers again
    assert (await load(deps, lead_id)).owner_username == "rep01"


async def test_a_burst_of_leads_asks_the_directory_once_per_question_within_the_cache_window(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, addr = org
    south = double.add_region("华南", ["福建"])
    double.add_user(south, "rep", "rep06")
    cached = OrgDirectoryClient(addr, jwt_secret=DEMO_JWT_SECRET, cache_seconds=60)
    try:
        before = len(double.calls)
        for _ in range(3):
            await cached.resolve_region("福建")
            assert [c.username for c in await cached.active_reps(south.id)] == ["rep06"]
        assert len(double.calls) - before == 2
    finally:
        await cached.close()
