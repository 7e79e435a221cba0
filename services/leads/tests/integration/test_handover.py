"""Reassigning and rejecting leads over real PostgreSQL and a real gRPC directory."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from leads.service_layer import handlers, handover, lifecycle
from salesos.leads.v1 import leads_pb2
from servicekit.errors import Conflict, FieldError, NotFound, PermissionDenied

from .assignment_helpers import add_rule, assign, event_types, load, new_lead, principal

pytestmark = pytest.mark.integration


def region_with(double: Any, name: str, province: str, *reps: str) -> tuple[Any, list[Any]]:
    region = double.add_region(name, [province])
    return region, [double.add_user(region, "rep", r) for r in reps]


async def test_a_rejected_lead_goes_to_the_next_rep_of_the_same_rule_never_back(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (a, b, c) = region_with(org[0], "华东", "江苏", "rep01", "rep02", "rep03")
    rule = await add_rule(deps, name="江苏团队", region_ids=(region.id,),
                          target_user_ids=(a.id, b.id))
    lead = await assign(deps, await new_lead(deps))
    assert lead.owner_id == a.id
    lead = await handover.reject_lead(lead.id, reason="客户不在服务区域", principal=principal(a),
                                      deps=deps)
    assert (lead.owner_id, lead.assignment_rule_id) == (b.id, rule.id)
    assert lead.assignment_reason.startswith("rep01 退回（客户不在服务区域）；规则「江苏团队」匹配")
    lead = await handover.reject_lead(lead.id, reason="不做这个行业", principal=principal(b),
                                      deps=deps)
    # Both of the rule's reps said no: the region's round-robin, skipping both of them.
    assert (lead.owner_id, lead.assignment_rule_id) == (c.id, "")
    assert await event_types(deps, lead.id) == [
        "leads.created", "leads.assigned", "leads.rejected", "leads.assigned",
        "leads.rejected", "leads.assigned"]


async def test_only_the_owner_can_reject_a_lead(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (a, b) = region_with(org[0], "华南", "广东", "rep05", "rep06")
    lead = await assign(deps, await new_lead(deps, "广东"))
    assert lead.owner_id == a.id
    with pytest.raises(NotFound):  # another rep cannot even see it
        await handover.reject_lead(lead.id, reason="x", principal=principal(b), deps=deps)
    manager = principal(b, role="manager", regions=(region.id,))
    with pytest.raises(PermissionDenied):
        await handover.reject_lead(lead.id, reason="x", principal=manager, deps=deps)
    with pytest.raises(FieldError) as error:
        await handover.reject_lead(lead.id, reason=" ", principal=principal(a), deps=deps)
    assert error.value.field == "reason"


async def test_a_manager_reassigns_a_lead_of_their_region_and_the_new_owner_is_told(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (_, b) = region_with(org[0], "华北", "北京", "rep08", "rep09")
    manager = org[0].add_user(region, "manager", "mgr-north", managed=(region.id,))
    lead = await assign(deps, await new_lead(deps, "北京"))
    lead = await handover.reassign_lead(
        lead.id, owner_id=b.id, reason="客户指定对接人",
        principal=principal(manager, regions=(region.id,)), deps=deps)
    assert (lead.owner_id, lead.owner_username) == (b.id, "rep09")
    assert lead.assignment_reason == "mgr-north 改派：客户指定对接人"
    assert (await event_types(deps, lead.id))[-2:] == ["leads.reassigned", "leads.assigned"]


async def test_who_may_reassign_and_to_whom(deps: handlers.Deps, org: tuple[Any, str]) -> None:
    region, (a, b) = region_with(org[0], "西南", "四川", "rep10", "rep11")
    inactive = org[0].add_user(region, "rep", "rep12-left", active=False)
    lead = await assign(deps, await new_lead(deps, "四川"))
    elsewhere = principal(a, role="manager", regions=("other-region",))
    with pytest.raises(NotFound):
        await handover.reassign_lead(lead.id, owner_id=b.id, reason="r", principal=elsewhere,
                                     deps=deps)
    with pytest.raises(PermissionDenied):
        await handover.reassign_lead(lead.id, owner_id=b.id, reason="r", principal=principal(a),
                                     deps=deps)
    director = principal(a, role="director")
    for owner_id in (inactive.id, "nobody", ""):
        with pytest.raises(FieldError) as error:
            await handover.reassign_lead(lead.id, owner_id=owner_id, reason="r",
                                         principal=director, deps=deps)
        assert error.value.field == "owner_id"
    assert (await load(deps, lead.id)).owner_id == a.id


async def test_a_manager_cannot_hand_a_lead_to_another_regions_rep_a_director_can(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    """mgr-east gave a 江苏 lead to a 华南 rep: the rep worked it for a manager who could
    not see it, and the south manager never knew. Nothing changes on the refusal."""
    east, (a, _) = region_with(org[0], "华东", "浙江", "rep-e1", "rep-e2")
    _, (south_rep,) = region_with(org[0], "华南", "海南", "rep-s1")
    manager = org[0].add_user(east, "manager", "mgr-e", managed=(east.id,))
    lead = await assign(deps, await new_lead(deps, "浙江"))
    assert lead.owner_id == a.id
    with pytest.raises(FieldError) as error:
        await handover.reassign_lead(lead.id, owner_id=south_rep.id, reason="跨区支援",
                                     principal=principal(manager, regions=(east.id,)),
                                     deps=deps)
    assert error.value.field == "owner_id"
    assert (await load(deps, lead.id)).owner_id == a.id
    moved = await handover.reassign_lead(lead.id, owner_id=south_rep.id, reason="跨区支援",
                                         principal=principal(a, role="director"), deps=deps)
    assert moved.owner_id == south_rep.id


async def test_a_repeated_reassign_with_the_same_key_acts_once(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    _, (a, b) = region_with(org[0], "华中", "湖南", "rep13", "rep14")
    lead = await assign(deps, await new_lead(deps, "湖南"))
    director = principal(a, role="director")
    for _ in range(2):
        lead = await handover.reassign_lead(lead.id, owner_id=b.id, reason="r",
                                            principal=director, deps=deps,
                                            idempotency_key="same-key")
    assert lead.owner_id == b.id
    assert (await event_types(deps, lead.id)).count("leads.reassigned") == 1


async def test_a_managers_key_reused_for_another_lead_is_refused_not_answered_with_the_first(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    _, (a, b) = region_with(org[0], "华中", "湖北", "rep31", "rep32")
    first = await assign(deps, await new_lead(deps, "湖北"))
    second = await assign(deps, await new_lead(deps, "湖北"))
    director = principal(a, role="director")
    moved = await handover.reassign_lead(first.id, owner_id=b.id, reason="r",
                                         principal=director, deps=deps, idempotency_key="k-1")
    with pytest.raises(FieldError) as refused:
        await handover.reassign_lead(second.id, owner_id=b.id, reason="r",
                                     principal=director, deps=deps, idempotency_key="k-1")
    assert refused.value.field == "Idempotency-Key"
    assert moved.id == first.id and (await load(deps, second.id)).owner_id == second.owner_id


async def test_a_closed_lead_cannot_be_reassigned_and_says_so_as_a_conflict(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    _, (a, b) = region_with(org[0], "华中", "江西", "rep34", "rep35")
    lead = await assign(deps, await new_lead(deps, "江西"))
    director = principal(a, role="director")
    await lifecycle.disqualify(lead.id, "空号", director, deps)
    with pytest.raises(Conflict):  # like rejecting a lead in follow-up: a state, not a field
        await handover.reassign_lead(lead.id, owner_id=b.id, reason="r", principal=director,
                                     deps=deps)


async def test_reject_over_grpc_answers_the_next_owner_and_refuses_strangers(
    deps: handlers.Deps, org: tuple[Any, str], leads_stub: Any, auth: Any,
) -> None:
    _, (a, b) = region_with(org[0], "华东", "浙江", "rep15", "rep16")
    lead = await assign(deps, await new_lead(deps, "浙江"))
    reply = await leads_stub.RejectLead(
        leads_pb2.RejectLeadRequest(lead_id=lead.id, reason="重复客户"),
        metadata=auth("rep", user_id=a.id))
    assert reply.owner_id == b.id and reply.status == "assigned"
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.ReassignLead(
            leads_pb2.ReassignLeadRequest(lead_id=lead.id, owner_id=a.id, reason="x"),
            metadata=auth("rep", user_id=b.id))
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_a_rejected_lead_stays_in_its_region_after_its_province_moved_to_another(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    """An admin opened 华中 and moved 河南 into it: a lead from 河南 taken before stays a
    华北 lead, so its next owner is a 华北 rep; only new arrivals go to 华中."""
    north = org[0].add_region("华北", ["河南", "河北"])
    a, b = (org[0].add_user(north, "rep", r) for r in ("rep41", "rep42"))
    lead = await assign(deps, await new_lead(deps, "河南"))
    assert (lead.owner_id, lead.region_id) == (a.id, north.id)

    central = org[0].add_region("华中", ["河南"])
    org[0].add_user(central, "rep", "rep43")
    lead = await handover.reject_lead(lead.id, reason="不在我负责的行业", principal=principal(a),
                                      deps=deps)
    assert (lead.owner_id, lead.region_id) == (b.id, north.id)
    assert "华北" in lead.assignment_reason
    fresh = await assign(deps, await new_lead(deps, "河南"))
    assert fresh.region_id == central.id
