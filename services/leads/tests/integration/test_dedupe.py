"""One customer, one lead, over real gRPC and PostgreSQL: duplicates become touches."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from leads.adapters.dedupe_orm import lead_touches
from leads.adapters.orm import leads
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.tables import outbox
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .factories import customer

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub


@pytest.fixture
def intake(auth: Any) -> Any:
    return auth("service", user_id="service:gateway")


def arrival(**fields: str) -> leads_pb2.CreateLeadRequest:
    return leads_pb2.CreateLeadRequest(
        **({"source": "web_form", "idempotency_key": str(uuid.uuid4())} | fields))


async def touches(sessions: async_sessionmaker[AsyncSession], lead_id: str) -> list[Any]:
    async with sessions() as session:
        query = sa.select(lead_touches).where(lead_touches.c.lead_id == uuid.UUID(lead_id))
        return list((await session.execute(query.order_by(lead_touches.c.touched_at))).all())


async def leads_with(sessions: async_sessionmaker[AsyncSession], **where: str) -> int:
    async with sessions() as session:
        query = sa.select(sa.func.count()).select_from(leads).where(
            *(leads.c[k] == v for k, v in where.items()))
        return (await session.execute(query)).scalar_one()


async def touched_events(sessions: async_sessionmaker[AsyncSession], lead_id: str) -> list[Any]:
    async with sessions() as session:
        rows = await session.execute(sa.select(outbox.c.payload).where(
            outbox.c.aggregate_id == lead_id, outbox.c.type == "leads.touched"))
        found = []
        for payload in rows.scalars():
            event = events_pb2.LeadTouched()
            assert Envelope.FromString(payload).payload.Unpack(event)
            found.append(event)
        return found


@pytest.mark.parametrize("shared", ["phone", "email", "wechat_id"])
async def test_a_customer_with_a_known_contact_becomes_a_touch_not_a_new_lead(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession], shared: str,
) -> None:
    first_customer = customer(wechat_id=f"wx_{uuid.uuid4().hex[:10]}")
    first = await leads_stub.CreateLead(arrival(**first_customer), metadata=intake)
    again = customer(**{shared: first_customer[shared]})
    second = await leads_stub.CreateLead(arrival(source="trade_show", channel="qr_scan", **again),
                                         metadata=intake)
    assert (second.lead_id, second.created, second.merged, second.duplicate_of) == (
        first.lead_id, False, True, first.lead_id)
    assert second.match_reason
    stored = await touches(sessions, first.lead_id)
    assert [(t.source, t.channel, bool(t.match_reason)) for t in stored] == [
        ("web_form", "web_form", False), ("trade_show", "qr_scan", True)]
    [event] = await touched_events(sessions, first.lead_id)
    assert (event.touch_id, event.channel) == (str(stored[1].id), "qr_scan")
    # what matched, as a code too: an English-reading owner is told it in English
    assert event.match.code == {"phone": "same_phone", "email": "same_email",
                                "wechat_id": "same_wechat"}[shared]


async def test_a_close_company_name_with_the_same_contact_is_the_same_customer(
    leads_stub: Stub, intake: Any,
) -> None:
    name, number = f"陈静{uuid.uuid4().int % 10**6}", uuid.uuid4().int % 10**6
    first = await leads_stub.CreateLead(arrival(**customer(
        name=name, company=f"江苏省苏州恒力精密机械制造{number}有限公司")), metadata=intake)
    second = await leads_stub.CreateLead(arrival(**customer(
        name=name, company=f"恒力精密机械制造{number}厂股份有限公司")), metadata=intake)
    assert second.merged and second.lead_id == first.lead_id


async def namesakes_at_other_companies(sessions: async_sessionmaker[AsyncSession],
                                       like_lead_id: str, count: int) -> None:
    """`count` newer leads with the same contact name, each at an unrelated company."""
    async with sessions.begin() as session:
        await session.execute(sa.text("""
            INSERT INTO leads (id, source, idempotency_key, name, company, company_key,
                               contact_key, created_at, updated_at)
            SELECT gen_random_uuid(), 'import', l.id || '-namesake-' || g, l.name,
                   '远洋贸易' || g, 'yuanyang' || g, l.contact_key,
                   l.created_at + g * interval '1 second', now()
              FROM leads l, generate_series(1, :count) AS g WHERE l.id = :id
        """), {"id": uuid.UUID(like_lead_id), "count": count})


@pytest.mark.parametrize("call", ["CreateLead", "CreateLeads"])
async def test_a_returning_customer_is_found_among_hundreds_of_namesakes(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession], call: str,
) -> None:
    name, number = f"王伟{uuid.uuid4().int % 10**6}", uuid.uuid4().int % 10**6
    first = await leads_stub.CreateLead(arrival(**customer(
        name=name, company=f"恒力精密机械制造{number}有限公司")), metadata=intake)
    # A common name: more namesakes came in since than a "newest few" search would read.
    await namesakes_at_other_companies(sessions, first.lead_id, 600)
    back = arrival(**customer(name=name, company=f"恒力精密机械制造{number}厂"))
    if call == "CreateLead":
        reply = await leads_stub.CreateLead(back, metadata=intake)
    else:
        [result] = (await leads_stub.CreateLeads(leads_pb2.CreateLeadsRequest(
            items=[leads_pb2.CreateLeadsItem(lead=back)]), metadata=intake)).results
        reply = result.lead
    assert (reply.lead_id, reply.merged) == (first.lead_id, True)


async def test_the_same_company_with_another_contact_is_a_new_lead(
    leads_stub: Stub, intake: Any,
) -> None:
    company = f"恒力精密机械{uuid.uuid4().int % 10**6}有限公司"
    first = await leads_stub.CreateLead(arrival(**customer(company=company)), metadata=intake)
    second = await leads_stub.CreateLead(arrival(**customer(company=company)), metadata=intake)
    assert second.created and second.lead_id != first.lead_id


async def test_a_retried_duplicate_arrival_is_recorded_once(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    known = customer()
    first = await leads_stub.CreateLead(arrival(**known), metadata=intake)
    retried = arrival(**customer(phone=known["phone"]))
    answers = [await leads_stub.CreateLead(retried, metadata=intake) for _ in range(2)]
    assert {(a.lead_id, a.merged) for a in answers} == {(first.lead_id, True)}
    assert len(await touches(sessions, first.lead_id)) == 2
    assert len(await touched_events(sessions, first.lead_id)) == 1


async def test_simultaneous_arrivals_of_one_new_customer_make_exactly_one_lead(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    same = customer()
    replies = await asyncio.gather(*(
        leads_stub.CreateLead(arrival(**same), metadata=intake) for _ in range(10)))
    assert len({r.lead_id for r in replies}) == 1
    assert sum(r.created for r in replies) == 1 and sum(r.merged for r in replies) == 9
    assert await leads_with(sessions, phone=f"+86{same['phone']}") == 1
    assert len(await touches(sessions, replies[0].lead_id)) == 10


async def test_simultaneous_fuzzy_arrivals_make_one_lead(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    name, number = f"赵敏{uuid.uuid4().int % 10**6}", uuid.uuid4().int % 10**6
    variants = [f"苏州精工重型机械{number}有限公司", f"精工重型机械{number}股份有限公司",
                f"上海精工重型机械{number}集团有限公司", f"精工重型机械{number}"]
    replies = await asyncio.gather(*(
        leads_stub.CreateLead(arrival(**customer(name=name, company=c)), metadata=intake)
        for c in variants))
    assert len({r.lead_id for r in replies}) == 1 and sum(r.created for r in replies) == 1


async def test_a_reps_manual_lead_is_theirs_at_once(
    leads_stub: Stub, auth: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("region-east",))
    reply = await leads_stub.CreateLead(arrival(source="manual", **customer()), metadata=rep)
    lead = await leads_stub.GetLead(leads_pb2.GetLeadRequest(lead_id=reply.lead_id),
                                    metadata=rep)
    assert (lead.status, lead.region_id, lead.source) == ("assigned", "region-east", "manual")
    assert lead.assignment_reason == "销售手工录入，归录入人跟进"
    assert [t.channel for t in lead.touches] == ["manual"]


async def test_engineers_cannot_create_leads(leads_stub: Stub, auth: Any) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.CreateLead(arrival(source="manual", **customer()),
                                    metadata=auth("engineer"))
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_qr_fields_are_stored_and_a_wechat_id_alone_is_enough(
    leads_stub: Stub, intake: Any,
) -> None:
    wechat = f"WX_{uuid.uuid4().hex[:8]}"
    reply = await leads_stub.CreateLead(arrival(
        source="trade_show", channel="qr_scan", name="李娜", company="恒力液压",
        wechat_id=wechat, title="采购经理", event="2026 工博会", booth="A12"), metadata=intake)
    lead = await leads_stub.GetLead(leads_pb2.GetLeadRequest(lead_id=reply.lead_id),
                                    metadata=intake)
    assert (lead.wechat_id, lead.title, lead.event, lead.booth) == (
        wechat.lower(), "采购经理", "2026 工博会", "A12")
    assert "@2026 工博会 A12" in lead.touches[0].summary
