"""A returning customer's details fill the gaps on their lead, over real gRPC and
PostgreSQL: one arrival, an import batch (a warned row fixed and imported again, a
customer listed twice in one file), and a manual merge and its undo."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from leads.service_layer import handlers
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .factories import customer
from .test_create_leads_batch import batch
from .test_dedupe import arrival, touched_events
from .test_import_dedupe import import_leads
from .test_imports import run_all, upload

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub


async def read(stub: Stub, lead_id: str, metadata: Any) -> leads_pb2.Lead:
    return await stub.GetLead(leads_pb2.GetLeadRequest(lead_id=lead_id), metadata=metadata)


async def imported(stub: Stub, deps: handlers.Deps, me: Any, body: str) -> Any:
    accepted = await upload(stub, me, "客户.csv", body.encode())
    await run_all(deps)
    return await stub.GetImport(leads_pb2.GetImportRequest(import_id=accepted.import_id),
                                metadata=me)


async def test_a_returning_customer_fills_what_the_lead_lacks_and_keeps_what_a_rep_set(
    leads_stub: Stub, auth: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("region-east",))
    known = customer(province="江苏")
    del known["email"]
    first = await leads_stub.CreateLead(arrival(source="manual", **known), metadata=rep)
    await leads_stub.UpdateQualification(leads_pb2.UpdateQualificationRequest(
        lead_id=first.lead_id, industry="液压"), metadata=rep)
    before = await read(leads_stub, first.lead_id, rep)

    again = await leads_stub.CreateLead(arrival(
        source="trade_show", channel="qr_scan", name=known["name"], company=known["company"],
        phone=known["phone"], email="Buyer@Example.cn", wechat_id="WX_buyer1",
        title="采购经理", province="广东", industry="机床"),
        metadata=auth("service", user_id="service:gateway"))
    assert (again.lead_id, again.merged) == (first.lead_id, True)

    lead = await read(leads_stub, first.lead_id, rep)
    assert (lead.email, lead.wechat_id, lead.title) == (
        "buyer@example.cn", "wx_buyer1", "采购经理")
    assert (lead.province, lead.industry) == ("江苏", "液压")  # set before: kept
    assert (lead.owner_id, lead.status, lead.region_id, lead.assigned_at) == (
        before.owner_id, before.status, before.region_id, before.assigned_at)
    assert lead.score == before.score + 3  # phone and e-mail both known
    assert "手机和邮箱均已留存" in [f.reason_zh for f in lead.score_factors]
    touch = lead.touches[-1]
    assert list(touch.filled_fields) == ["email", "wechat_id", "title"]
    assert touch.filled == "补全：邮箱、微信、职务"
    [event] = await touched_events(sessions, first.lead_id)
    assert list(event.filled_fields) == ["email", "wechat_id", "title"]


async def test_a_web_form_of_a_known_customer_in_a_gateway_batch_fills_the_lead_too(
    leads_stub: Stub, auth: Any,
) -> None:
    intake = auth("service", user_id="service:gateway")
    known = customer()
    del known["email"]
    first = await leads_stub.CreateLead(arrival(**known), metadata=intake)
    reply = await leads_stub.CreateLeads(batch(
        arrival(**customer()), arrival(phone=known["phone"], email="again@example.cn",
                                       province="浙江")), metadata=intake)
    assert reply.results[1].lead.lead_id == first.lead_id
    lead = await read(leads_stub, first.lead_id, intake)
    assert (lead.email, lead.province) == ("again@example.cn", "浙江")
    assert lead.touches[-1].filled == "补全：邮箱、省份"


async def test_a_customer_who_brings_nothing_new_fills_nothing(
    leads_stub: Stub, auth: Any,
) -> None:
    intake = auth("service", user_id="service:gateway")
    known = customer(province="江苏")
    first = await leads_stub.CreateLead(arrival(**known), metadata=intake)
    await leads_stub.CreateLead(arrival(**known), metadata=intake)
    lead = await read(leads_stub, first.lead_id, intake)
    assert [(list(t.filled_fields), t.filled) for t in lead.touches] == [([], ""), ([], "")]


async def test_a_warned_row_fixed_and_imported_again_brings_its_corrected_cells_to_the_lead(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    me = auth("director", user_id=f"user-{uuid.uuid4()}")
    who = customer()
    head = "姓名,公司,手机,公司规模,预算,紧急程度,标签\n"
    row = f"{who['name']},{who['company']},{who['phone']}"
    first = await imported(leads_stub, deps, me, head + f"{row},很多人,abc,高,展会\n")
    assert (first.rows_created, first.rows_warned) == (1, 1)
    [stored] = await import_leads(sessions, who["name"])
    lead_id = str(stored.id)
    before = await read(leads_stub, lead_id, me)
    assert (before.company_scale, before.HasField("budget_fen")) == ("", False)

    fixed = await imported(leads_stub, deps, me, head + f"{row},50-200,50万,低,\"展会,老客户\"\n")
    assert (fixed.rows_created, fixed.rows_merged, fixed.rows_warned) == (0, 1, 0)
    lead = await read(leads_stub, lead_id, me)
    assert (lead.company_scale, lead.budget_fen) == ("50_200", 50_000_000)
    assert lead.urgency == "high"  # the first row's 高 stays
    assert list(lead.tags) == ["展会", "老客户"]
    assert (lead.owner_id, lead.status) == (before.owner_id, before.status)
    assert lead.score == before.score + 8 + 20  # scale 50-200, budget 50万-200万
    touch = lead.touches[-1]
    assert (touch.source, touch.filled) == ("import", "补全：公司规模、预算、标签")
    [event] = await touched_events(sessions, lead_id)
    assert list(event.filled_fields) == ["company_scale", "budget_fen", "tags"]
    again = await imported(leads_stub, deps, me, head + f"{row},50-200,50万,低,\"展会,老客户\"\n")
    assert (again.rows_merged, len((await read(leads_stub, lead_id, me)).touches)) == (1, 2)


async def test_a_customer_listed_twice_in_one_file_is_created_by_the_first_row_and_filled_by_the_second(  # noqa: E501
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    me = auth("director", user_id=f"user-{uuid.uuid4()}")
    who = customer()
    done = await imported(leads_stub, deps, me, "姓名,公司,手机,邮箱,省份,紧急程度\n"
                          f"{who['name']},{who['company']},{who['phone']},,江苏,高\n"
                          f"{who['name']},{who['company']},{who['phone']},{who['email']},广东,低\n")
    assert (done.rows_created, done.rows_merged) == (1, 1)
    [stored] = await import_leads(sessions, who["name"])
    lead = await read(leads_stub, str(stored.id), me)
    assert (lead.email, lead.province, lead.urgency) == (who["email"], "江苏", "high")
    assert [t.filled for t in lead.touches] == ["", "补全：邮箱"]
    assert "手机和邮箱均已留存" in [f.reason_zh for f in lead.score_factors]


async def test_merge_and_undo_restore_both_leads_and_an_arrival_meanwhile_fills_the_survivor(
    leads_stub: Stub, auth: Any,
) -> None:
    director, intake = auth("director"), auth("service", user_id="service:gateway")
    a_customer, b_customer = customer(), customer()
    del a_customer["email"], b_customer["email"]
    a = (await leads_stub.CreateLead(arrival(**a_customer), metadata=intake)).lead_id
    b = (await leads_stub.CreateLead(arrival(**b_customer), metadata=intake)).lead_id
    b_before = await read(leads_stub, b, director)
    done = await leads_stub.MergeLeads(
        leads_pb2.MergeLeadsRequest(lead_id=a, other_lead_id=b), metadata=director)
    assert (await read(leads_stub, a, director)).email == ""  # a merge moves no field

    await leads_stub.CreateLead(arrival(phone=b_customer["phone"], email="b@example.cn"),
                                metadata=intake)
    assert (await read(leads_stub, a, director)).email == "b@example.cn"  # its touch is on a
    await leads_stub.UnmergeLeads(
        leads_pb2.UnmergeLeadsRequest(lead_id=a, merge_id=done.id), metadata=director)
    b_after, a_after = await read(leads_stub, b, director), await read(leads_stub, a, director)
    for lead in (b_before, b_after):  # what the merge took part in is history, not fields
        lead.ClearField("merges")
    assert b_after == b_before
    assert [(t.lead_id, t.filled) for t in a_after.touches] == [(a, ""), (a, "补全：邮箱")]
