"""Merging two leads by hand keeps both histories and can be undone exactly."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from leads.domain.commands import AssignLead, CreateLead
from leads.service_layer import handlers, handover, lifecycle
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.auth import Principal
from servicekit.errors import Conflict
from servicekit.uow import UnitOfWork

from .factories import customer

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub


@pytest.fixture
def director(auth: Any) -> Any:
    return auth("director")


async def new_lead(stub: Stub, auth: Any, **fields: str) -> str:
    service = auth("service", user_id="service:gateway")
    reply = await stub.CreateLead(leads_pb2.CreateLeadRequest(
        source="web_form", idempotency_key=str(uuid.uuid4()), **customer(**fields)),
        metadata=service)
    return reply.lead_id


async def read(stub: Stub, lead_id: str, metadata: Any) -> leads_pb2.Lead:
    return await stub.GetLead(leads_pb2.GetLeadRequest(lead_id=lead_id), metadata=metadata)


async def merge(stub: Stub, survivor: str, other: str, metadata: Any) -> leads_pb2.LeadMerge:
    return await stub.MergeLeads(
        leads_pb2.MergeLeadsRequest(lead_id=survivor, other_lead_id=other), metadata=metadata)


async def three_leads_of_a_new_rep(org: tuple[Any, str], deps: handlers.Deps,
                                   province: str) -> tuple[Principal, list[str]]:
    """The only rep of a region just opened for `province`, and three leads of
    different customers from there, assigned to them."""
    double, _ = org
    rep = double.add_user(double.add_region(province, [province]), "rep",
                          f"rep-{uuid.uuid4().hex[:6]}")
    ids = []
    for _ in range(3):
        lead_id, _ = await handlers.create_lead(CreateLead(
            source="web_form", province=province, **customer()), deps)
        async with UnitOfWork(deps.sessions, source="leads") as uow:
            await handlers.assign_lead(AssignLead(lead_id=lead_id), uow, deps)
            await uow.commit()
        ids.append(lead_id)
    return Principal(user_id=rep.id, username=rep.username, role="rep"), ids


async def test_merge_marks_the_other_lead_and_shows_both_histories_then_undo_restores_it(
    leads_stub: Stub, auth: Any, director: Any,
) -> None:
    survivor, other = await new_lead(leads_stub, auth), await new_lead(leads_stub, auth)
    done = await merge(leads_stub, survivor, other, director)
    assert (done.survivor_id, done.merged_id) == (survivor, other)
    merged = await read(leads_stub, survivor, director)
    assert {t.lead_id for t in merged.touches} == {survivor, other}
    assert [m.id for m in merged.merges] == [done.id]
    assert (await read(leads_stub, other, director)).merged_into == survivor

    undone = await leads_stub.UnmergeLeads(
        leads_pb2.UnmergeLeadsRequest(lead_id=survivor, merge_id=done.id), metadata=director)
    assert undone.undone_at.seconds > 0
    after = await read(leads_stub, survivor, director)
    assert {t.lead_id for t in after.touches} == {survivor}
    assert (await read(leads_stub, other, director)).merged_into == ""
    assert after.merges[0].undone_at.seconds > 0  # the history keeps the undone merge


async def test_a_later_arrival_matching_a_merged_lead_lands_on_the_survivor(
    leads_stub: Stub, auth: Any, director: Any,
) -> None:
    phone = customer()["phone"]
    survivor, other = await new_lead(leads_stub, auth), await new_lead(leads_stub, auth,
                                                                       phone=phone)
    await merge(leads_stub, survivor, other, director)
    again = await new_lead(leads_stub, auth, phone=phone)
    assert again == survivor


async def test_merging_the_same_pair_again_returns_the_same_merge(
    leads_stub: Stub, auth: Any, director: Any,
) -> None:
    survivor, other = await new_lead(leads_stub, auth), await new_lead(leads_stub, auth)
    first = await merge(leads_stub, survivor, other, director)
    assert (await merge(leads_stub, survivor, other, director)).id == first.id


async def test_a_merged_lead_cannot_be_merged_elsewhere_or_survive(
    leads_stub: Stub, auth: Any, director: Any,
) -> None:
    a, b, c = [await new_lead(leads_stub, auth) for _ in range(3)]
    await merge(leads_stub, a, b, director)
    for survivor, other in ((c, b), (b, c)):
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await merge(leads_stub, survivor, other, director)
        assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_a_lead_cannot_be_merged_into_itself(
    leads_stub: Stub, auth: Any, director: Any,
) -> None:
    lead = await new_lead(leads_stub, auth)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await merge(leads_stub, lead, lead, director)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_reps_cannot_merge_and_managers_only_within_their_regions(
    leads_stub: Stub, auth: Any,
) -> None:
    a, b = await new_lead(leads_stub, auth), await new_lead(leads_stub, auth)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await merge(leads_stub, a, b, auth("rep"))
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as error:  # unassigned leads: in no region yet
        await merge(leads_stub, a, b, auth("manager", region_ids=("region-east",)))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


async def test_undoing_an_unknown_merge_is_not_found(
    leads_stub: Stub, auth: Any, director: Any,
) -> None:
    lead = await new_lead(leads_stub, auth)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.UnmergeLeads(leads_pb2.UnmergeLeadsRequest(
            lead_id=lead, merge_id=str(uuid.uuid4())), metadata=director)
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_lead_that_became_a_deal_is_not_merged_away_but_may_survive(
    leads_stub: Stub, auth: Any, director: Any, deps: handlers.Deps,
    org: tuple[Any, str],
) -> None:
    """A manager merges two leads of one customer after both reps qualified theirs: the
    merged lead left every list while its deal went on under the other rep. Now that
    lead cannot be merged away (409 in the gateway, nothing written); it can survive."""
    owner, (first, second, open_lead) = await three_leads_of_a_new_rep(org, deps, "宁夏")
    for lead_id in (first, second):
        await lifecycle.log_contact(lifecycle.LogContact(
            lead_id=lead_id, channel="call", outcome="有采购意向"), owner, deps)
        await lifecycle.qualify(lead_id, owner, deps)

    with pytest.raises(grpc.aio.AioRpcError) as error:
        await merge(leads_stub, first, second, director)
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "已转为商机" in (error.value.details() or "")
    assert (await read(leads_stub, second, director)).merged_into == ""
    assert list((await read(leads_stub, first, director)).merges) == []

    done = await merge(leads_stub, first, open_lead, director)  # the deal's lead survives
    assert (done.survivor_id, done.merged_id) == (first, open_lead)


async def test_a_lead_merged_away_is_worked_on_its_survivor_not_contacted_or_qualified(
    leads_stub: Stub, auth: Any, director: Any, deps: handlers.Deps,
    org: tuple[Any, str],
) -> None:
    """The manager merged a rep's lead into another rep's; the rep still had it open and
    qualified it: a deal from a lead no list shows, the customer's second deal. A merged
    lead takes no contact, qualification, disqualification or rejection (409, nothing
    written) until the merge is undone."""
    owner, (survivor, merged, untouched) = await three_leads_of_a_new_rep(org, deps, "吉林")
    await lifecycle.log_contact(lifecycle.LogContact(
        lead_id=merged, channel="call", outcome="有意向"), owner, deps)
    await merge(leads_stub, survivor, merged, director)
    await merge(leads_stub, survivor, untouched, director)

    refused = [lifecycle.qualify(merged, owner, deps),
               lifecycle.disqualify(merged, "重复", owner, deps),
               lifecycle.log_contact(lifecycle.LogContact(
                   lead_id=merged, channel="visit", outcome="上门"), owner, deps),
               handover.reject_lead(untouched, reason="不是我的", principal=owner, deps=deps)]
    for attempt in refused:
        with pytest.raises(Conflict) as error:
            await attempt
        assert "合并" in str(error.value)
    after = await read(leads_stub, merged, director)
    assert (after.status, after.merged_into) == ("contacted", survivor)


async def test_a_merge_is_undone_from_either_lead_it_joined(
    leads_stub: Stub, auth: Any, director: Any,
) -> None:
    """The merged lead shows the merge too (GetLead lists every merge a lead took part
    in), so undoing it from there must work, not answer 「合并记录不存在」."""
    survivor, other = await new_lead(leads_stub, auth), await new_lead(leads_stub, auth)
    done = await merge(leads_stub, survivor, other, director)
    assert [m.id for m in (await read(leads_stub, other, director)).merges] == [done.id]
    undone = await leads_stub.UnmergeLeads(
        leads_pb2.UnmergeLeadsRequest(lead_id=other, merge_id=done.id), metadata=director)
    assert undone.undone_at.seconds > 0
    assert (await read(leads_stub, other, director)).merged_into == ""
    with pytest.raises(grpc.aio.AioRpcError) as error:  # a lead the merge did not join
        await leads_stub.UnmergeLeads(leads_pb2.UnmergeLeadsRequest(
            lead_id=await new_lead(leads_stub, auth), merge_id=done.id), metadata=director)
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
