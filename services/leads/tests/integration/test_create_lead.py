"""CreateLead over real gRPC into real PostgreSQL: stored once, with its event, or not at all."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from leads.adapters.orm import leads
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.errors import field_violations
from servicekit.tables import outbox
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .factories import customer

pytestmark = pytest.mark.integration



@pytest.fixture
def intake(auth: Any) -> Any:
    return auth("service", user_id="service:gateway")


def request(**overrides: str) -> leads_pb2.CreateLeadRequest:
    fields = {"source": "web_form", "idempotency_key": str(uuid.uuid4()), **customer(),
              "province": "江苏省", "industry": "机械制造", "message": "询价：数控机床"}
    return leads_pb2.CreateLeadRequest(**(fields | overrides))


async def rows_with_key(sessions: async_sessionmaker[AsyncSession], key: str) -> list[sa.Row]:
    async with sessions() as session:
        query = sa.select(leads).where(leads.c.idempotency_key == key)
        return list((await session.execute(query)).all())


async def events_of(sessions: async_sessionmaker[AsyncSession], lead_id: str) -> list[Envelope]:
    async with sessions() as session:
        query = sa.select(outbox.c.payload).where(outbox.c.aggregate_id == lead_id)
        return [Envelope.FromString(p) for p in (await session.execute(query)).scalars()]


async def test_a_new_lead_is_stored_normalised_with_its_leads_created_event(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    digits = customer()["phone"]
    spaced = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    email = f"Wang.Wei.{digits}@Example.com"
    sent = request(name="ＷＡＮＧ　Ｗｅｉ", phone=spaced, email=email)
    reply = await leads_stub.CreateLead(sent, metadata=intake)
    assert reply.created
    [row] = await rows_with_key(sessions, sent.idempotency_key)
    assert (str(row.id), row.phone, row.email, row.province, row.name, row.status) == (
        reply.lead_id, f"+86{digits}", email.lower(), "江苏", "WANG Wei", "new")
    [envelope] = await events_of(sessions, reply.lead_id)
    created = events_pb2.LeadCreated()
    assert envelope.type == "leads.created" and envelope.payload.Unpack(created)
    assert (created.lead_id, created.phone, created.province) == (
        reply.lead_id, f"+86{digits}", "江苏")


async def test_the_same_idempotency_key_returns_the_same_lead_and_never_a_second(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    sent = request()
    first = await leads_stub.CreateLead(sent, metadata=intake)
    again = await leads_stub.CreateLead(sent, metadata=intake)
    assert (again.lead_id, again.created) == (first.lead_id, False)
    assert len(await rows_with_key(sessions, sent.idempotency_key)) == 1
    assert len(await events_of(sessions, first.lead_id)) == 1


async def test_a_retry_written_differently_is_still_the_same_request(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any,
) -> None:
    sent = request()
    first = await leads_stub.CreateLead(sent, metadata=intake)
    digits = sent.phone
    retry = request(idempotency_key=sent.idempotency_key, name=sent.name, company=sent.company,
                    email=sent.email.upper(), phone=f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}")
    again = await leads_stub.CreateLead(retry, metadata=intake)
    assert (again.lead_id, again.created) == (first.lead_id, False)


async def test_a_key_reused_for_another_customer_is_refused_not_answered_with_the_first(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    sent = request()
    await leads_stub.CreateLead(sent, metadata=intake)
    other = request(idempotency_key=sent.idempotency_key, **customer())
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await leads_stub.CreateLead(other, metadata=intake)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in field_violations(refused.value)] == ["Idempotency-Key"]
    async with sessions() as session:
        stored = await session.execute(sa.select(sa.func.count()).select_from(leads).where(
            leads.c.phone == f"+86{other.phone}"))
    assert stored.scalar_one() == 0


async def test_a_key_with_a_control_character_is_refused_naming_the_key(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await leads_stub.CreateLead(request(idempotency_key="ad:\x00"), metadata=intake)
    assert [field for field, _ in field_violations(refused.value)] == ["idempotency_key"]


async def test_concurrent_calls_with_one_key_store_exactly_one_lead(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    sent = request()
    replies = await asyncio.gather(
        *(leads_stub.CreateLead(sent, metadata=intake) for _ in range(12)))
    assert len({r.lead_id for r in replies}) == 1
    assert sum(r.created for r in replies) == 1
    assert len(await rows_with_key(sessions, sent.idempotency_key)) == 1
    assert len(await events_of(sessions, replies[0].lead_id)) == 1


async def test_one_key_from_two_sources_is_two_leads(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any,
) -> None:
    key = str(uuid.uuid4())
    web = await leads_stub.CreateLead(request(idempotency_key=key), metadata=intake)
    # Another customer: the same one would be a touch on the first lead (test_dedupe.py).
    manual = await leads_stub.CreateLead(request(idempotency_key=key, source="manual"),
                                         metadata=intake)
    assert web.lead_id != manual.lead_id and manual.created


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": "010-12345"}, "phone"),
        ({"email": "wang.example.com"}, "email"),
        ({"province": "加利福尼亚"}, "province"),
        ({"province": "香港"}, "province"),
        ({"phone": "", "email": ""}, "phone"),
    ],
    ids=["bad-phone", "short-landline", "bad-email", "not-a-province", "not-mainland",
         "no-contact"],
)
async def test_bad_staff_input_is_invalid_argument_naming_the_field_and_writes_nothing(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any,
    sessions: async_sessionmaker[AsyncSession],
    overrides: dict[str, str], field: str,
) -> None:
    """Staff entry: a person is there to correct the field. (A public channel keeps the
    lead instead: test_public_intake_fields.py.)"""
    sent = request(source="manual", **overrides)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.CreateLead(sent, metadata=intake)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [name for name, _ in field_violations(error.value)] == [field]
    assert await rows_with_key(sessions, sent.idempotency_key) == []


async def test_creating_a_lead_needs_a_valid_token(
    leads_stub: leads_pb2_grpc.LeadServiceStub,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.CreateLead(request(), metadata=(("authorization", "Bearer nope"),))
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_control_characters_in_text_are_dropped_not_a_server_error(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    sent = request(name="王\x00伟", message="第一行\r\n第二行\x1b")
    assert (await leads_stub.CreateLead(sent, metadata=intake)).created
    [row] = await rows_with_key(sessions, sent.idempotency_key)
    assert (row.name, row.message) == ("王伟", "第一行\n第二行")


async def test_a_lead_keeps_the_kind_of_source_the_directory_gave_and_scores_by_it(
    leads_stub: leads_pb2_grpc.LeadServiceStub, intake: Any, auth: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    sent = request(source="expo_2027_shanghai", source_kind="trade_show", province="")
    reply = await leads_stub.CreateLead(sent, metadata=intake)
    [row] = await rows_with_key(sessions, sent.idempotency_key)
    assert row.source_kind == "trade_show"
    lead = await leads_stub.UpdateQualification(leads_pb2.UpdateQualificationRequest(
        lead_id=reply.lead_id, urgency="高"), metadata=auth("director"))
    source = [f for f in lead.score_factors if f.factor == "source"]
    assert [(f.points, f.reason_zh) for f in source] == [(10, "展会现场获取，意向明确")]
