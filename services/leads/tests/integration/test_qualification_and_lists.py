"""UpdateQualification, ListLeads and StreamLeads over real gRPC with real tokens."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import grpc
import pytest
from leads.domain.commands import AssignLead, CreateLead
from leads.service_layer import handlers
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.errors import field_violations
from servicekit.uow import UnitOfWork
from sqlalchemy import text

pytestmark = pytest.mark.integration


@pytest.fixture
async def region(deps: handlers.Deps, org: tuple[Any, str]) -> dict[str, Any]:
    """A fresh region with two reps and five assigned leads sharing a unique company tag."""
    double, _ = org
    province = "四川"
    region = double.add_region("西南", [province])
    reps = [double.add_user(region, "rep", f"rep-{uuid.uuid4().hex[:6]}") for _ in range(2)]
    tag = uuid.uuid4().hex[:8]
    ids = []
    for i in range(5):
        lead_id, _ = await handlers.create_lead(CreateLead(
            source="web_form", company=f"成都{tag}机械{i}", name=f"客户{i}",
            phone=f"139{uuid.uuid4().int % 10**8:08d}", province=province), deps)
        async with UnitOfWork(deps.sessions, source="leads") as uow:
            await handlers.assign_lead(AssignLead(lead_id=lead_id), uow, deps)
            await uow.commit()
        ids.append(lead_id)
    return {"region": region, "reps": reps, "tag": tag, "ids": ids}


async def _list(stub: leads_pb2_grpc.LeadServiceStub, metadata: Any, **kw: Any) -> Any:
    return await stub.ListLeads(leads_pb2.ListLeadsRequest(**kw), metadata=metadata)


async def test_director_pages_through_every_matching_lead_newest_first(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    seen, token = [], ""
    while True:
        page = await _list(leads_stub, auth("director"), q=region["tag"], page_size=2,
                           page_token=token)
        seen += [lead.id for lead in page.leads]
        token = page.next_page_token
        if not token:
            break
    assert seen == list(reversed(region["ids"]))


async def test_rep_lists_only_own_leads_and_manager_only_their_regions(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    rep = region["reps"][0]
    own = await _list(leads_stub, auth("rep", user_id=rep.id, region_ids=(rep.region_id,)),
                      q=region["tag"])
    assert own.leads and {lead.owner_id for lead in own.leads} == {rep.id}
    manager = await _list(leads_stub, auth("manager", region_ids=(region["region"].id,)),
                          q=region["tag"])
    assert len(manager.leads) == 5
    elsewhere = await _list(leads_stub, auth("manager", region_ids=("region-other",)),
                            q=region["tag"])
    assert list(elsewhere.leads) == []


async def test_filters_combine(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    rep = region["reps"][1]
    page = await _list(leads_stub, auth("director"), q=region["tag"], owner_id=rep.id,
                       status="assigned", source="web_form", region_id=region["region"].id)
    assert page.leads and all(lead.owner_id == rep.id for lead in page.leads)
    none = await _list(leads_stub, auth("director"), q=region["tag"], source="baidu")
    assert list(none.leads) == []


async def test_a_source_typed_in_capitals_or_full_width_finds_the_stored_code(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    expected = await _list(leads_stub, auth("director"), q=region["tag"], source="web_form")
    assert expected.leads
    for typed in ("WEB_FORM", " Web_Form ", "ＷＥＢ＿ＦＯＲＭ"):
        page = await _list(leads_stub, auth("director"), q=region["tag"], source=typed)
        assert [lead.id for lead in page.leads] == [lead.id for lead in expected.leads], typed


async def test_overdue_lists_assigned_leads_whose_first_contact_deadline_passed(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
    deps: handlers.Deps,
) -> None:
    late, later, contacted = region["ids"][:3]
    async with deps.sessions() as session, session.begin():
        for lead_id, due, done in ((late, "-1 hour", None), (later, "+1 hour", None),
                                   (contacted, "-1 hour", "now()")):
            await session.execute(text(
                f"UPDATE leads SET first_contact_due_at = now() + interval '{due}', "
                f"first_contacted_at = {done or 'NULL'} WHERE id = :id"), {"id": lead_id})
    overdue = await _list(leads_stub, auth("director"), q=region["tag"], overdue=True)
    assert [lead.id for lead in overdue.leads] == [late]
    on_time = await _list(leads_stub, auth("director"), q=region["tag"], overdue=False)
    assert late not in {lead.id for lead in on_time.leads} and len(on_time.leads) == 4


def _hanzi(count: int) -> str:
    """Random common-range Chinese characters: a name no other test's lead has."""
    return "".join(chr(0x4E00 + secrets.randbelow(0x9FA5 - 0x4E00)) for _ in range(count))


async def test_search_finds_a_lead_by_a_two_character_name_a_company_word_or_digits(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    """Name and company are searched through their bigrams, phone through trigrams and
    only for digits: whatever the query, the lead it is in must still be found."""
    name, word, other = _hanzi(2), _hanzi(2), _hanzi(2)
    digits = f"{secrets.randbelow(10**8):08d}"
    lead_id, _ = await handlers.create_lead(CreateLead(
        source="web_form", name=name, company=f"成都{word}ABB机械", phone=f"139{digits}",
        province="四川"), deps)

    async def found(q: str) -> bool:
        return lead_id in {lead.id for lead in (await _list(
            leads_stub, auth("director"), q=q, page_size=100)).leads}

    for q in (name, word, f"都{word}a", "abb机", digits, f"+86139{digits[:3]}",
              f"139 {digits[:4]}-{digits[4:]}", f"(+86) 139{digits}"):
        assert await found(q), q
    for q in (other, f"{name}{other}", f"{word}%", f"138 {digits}"):
        assert not await found(q), q


async def test_a_number_typed_as_dialled_at_home_finds_the_lead(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    """A rep reads the customer's landline off a business card, 0510-8555 1234, and types
    it so; it is kept as +86510…, and the trunk 0 used to find nothing. The last digits
    of a number that happen to start with 0 still find it too."""
    local = f"8{secrets.randbelow(10**7):07d}"
    mobile = f"139{secrets.randbelow(10**4):04d}0{secrets.randbelow(10**3):03d}"
    landline, _ = await handlers.create_lead(CreateLead(
        source="manual", name=_hanzi(2), company=f"无锡{_hanzi(2)}机械", phone=f"0510-{local}",
        province="江苏"), deps)
    cell, _ = await handlers.create_lead(CreateLead(
        source="manual", name=_hanzi(2), company=f"无锡{_hanzi(2)}机械", phone=mobile,
        province="江苏"), deps)

    async def found(q: str) -> set[str]:
        return {lead.id for lead in (await _list(
            leads_stub, auth("director"), q=q, page_size=100)).leads}

    for q in (f"0510-{local}", f"0510 {local[:4]} {local[4:]}", f"0510{local}",
              f"(0510){local[:4]}", f"0086 510 {local}"):
        assert landline in await found(q), q
    assert cell in await found(f"0086 {mobile}")
    assert cell in await found(mobile[-4:])  # "0xxx": the tail, not a trunk prefix
    assert landline not in await found(f"0511-{local}")


async def test_owner_sets_qualified_fields_and_gets_score_with_factors(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    rep = region["reps"][0]
    own = await _list(leads_stub, auth("rep", user_id=rep.id), q=region["tag"])
    lead_id = own.leads[0].id
    request = leads_pb2.UpdateQualificationRequest(
        lead_id=lead_id, urgency="高", budget_yuan="120万", company_scale="200-1000",
        decision_chain=leads_pb2.DecisionChain(members=[
            leads_pb2.DecisionMaker(name="张总", title="总经理", role="decider")]),
        tags=leads_pb2.Tags(values=["重点客户"]))
    lead = await leads_stub.UpdateQualification(
        request, metadata=auth("rep", user_id=rep.id, region_ids=(rep.region_id,)))
    assert (lead.urgency, lead.budget_fen, lead.company_scale, list(lead.tags)) == (
        "high", 120_000_000, "200_1000", ["重点客户"])
    assert lead.score == sum(f.points for f in lead.score_factors) > 50
    again = await leads_stub.GetLead(leads_pb2.GetLeadRequest(lead_id=lead_id),
                                     metadata=auth("director"))
    assert again.score == lead.score and again.decision_chain[0].name == "张总"


async def test_another_rep_cannot_update_and_bad_values_name_the_field(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    lead_id = region["ids"][0]
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.UpdateQualification(
            leads_pb2.UpdateQualificationRequest(lead_id=lead_id, urgency="高"),
            metadata=auth("rep", user_id="someone-else"))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.UpdateQualification(
            leads_pb2.UpdateQualificationRequest(lead_id=lead_id, budget_yuan="12.345"),
            metadata=auth("director"))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_a_patch_with_several_bad_fields_names_them_all_and_changes_nothing(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    lead_id = region["ids"][0]
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.UpdateQualification(leads_pb2.UpdateQualificationRequest(
            lead_id=lead_id, company_scale="巨大", budget_yuan="abc", urgency="超急",
            pain_point="交期长"), metadata=auth("director"))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in field_violations(error.value)] == [
        "company_scale", "budget_yuan", "urgency"]
    lead = await leads_stub.GetLead(leads_pb2.GetLeadRequest(lead_id=lead_id),
                                    metadata=auth("director"))
    assert lead.pain_point != "交期长"  # the good field was not written either


async def test_stream_leads_is_scoped_like_the_list_and_refuses_anonymous_callers(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    rep = region["reps"][0]
    streamed = [lead async for lead in leads_stub.StreamLeads(
        leads_pb2.ListLeadsRequest(q=region["tag"]), metadata=auth("rep", user_id=rep.id))]
    assert streamed and {lead.owner_id for lead in streamed} == {rep.id}
    with pytest.raises(grpc.aio.AioRpcError) as error:
        _ = [lead async for lead in leads_stub.StreamLeads(leads_pb2.ListLeadsRequest())]
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_a_lead_merged_into_another_leaves_the_list_and_the_export_until_undone(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    survivor, merged = region["ids"][0], region["ids"][1]
    director = auth("director")
    merge = await leads_stub.MergeLeads(leads_pb2.MergeLeadsRequest(
        lead_id=survivor, other_lead_id=merged), metadata=director)
    listed = {lead.id for lead in (await _list(leads_stub, director, q=region["tag"])).leads}
    streamed = {lead.id async for lead in leads_stub.StreamLeads(
        leads_pb2.ListLeadsRequest(q=region["tag"]), metadata=director)}
    # One customer, one row: the merged lead is read through its survivor.
    assert survivor in listed and merged not in listed and streamed == listed
    await leads_stub.UnmergeLeads(leads_pb2.UnmergeLeadsRequest(
        lead_id=survivor, merge_id=merge.id), metadata=director)
    assert merged in {lead.id for lead in (await _list(leads_stub, director,
                                                       q=region["tag"])).leads}


async def test_a_control_character_in_a_filter_is_ignored_instead_of_failing(
    leads_stub: leads_pb2_grpc.LeadServiceStub, region: dict[str, Any], auth: Any,
) -> None:
    # NUL cannot be in stored text; PostgreSQL refused the query and the list answered 502.
    tag = region["tag"]
    page = await _list(leads_stub, auth("director"), q=f"{tag[:4]}\x00{tag[4:]}",
                       status="assigned\x00", source="\x00web_form")
    assert {lead.id for lead in page.leads} == set(region["ids"])


async def test_the_list_and_the_export_show_a_scans_wechat_id_title_show_and_booth(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    """A booth visitor who left only a WeChat id: the list a rep calls from (and the
    export) shows it, as opening the lead does — it is the only way to reach them."""
    tag = uuid.uuid4().hex[:8]
    await handlers.create_lead(CreateLead(
        source="trade_show", channel="qr_scan", name="李娜", company=f"杭州{tag}液压",
        wechat_id=f"wx_{tag}", title="采购经理", event="2026 工博会", booth="A12"), deps)
    ask = leads_pb2.ListLeadsRequest(q=tag)
    listed = (await leads_stub.ListLeads(ask, metadata=auth("director"))).leads
    streamed = [lead async for lead in leads_stub.StreamLeads(ask, metadata=auth("director"))]
    for lead in (*listed, *streamed):
        assert (lead.wechat_id, lead.title, lead.event, lead.booth) == (
            f"wx_{tag}", "采购经理", "2026 工博会", "A12")
    assert len(listed) == len(streamed) == 1
