"""CreateLeads (the gateway's coalesced intake): one transaction for many arrivals, each
answered exactly as CreateLead would answer it alone."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.tables import outbox
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .factories import customer
from .test_dedupe import arrival, leads_with, touched_events, touches

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub
TRACEPARENT = "00-{}-00f067aa0ba902b7-01"


@pytest.fixture
def intake(auth: Any) -> Any:
    return auth("service", user_id="service:gateway")


def batch(*requests: leads_pb2.CreateLeadRequest, traces: list[str] | None = None
          ) -> leads_pb2.CreateLeadsRequest:
    traces = traces or [""] * len(requests)
    return leads_pb2.CreateLeadsRequest(items=[
        leads_pb2.CreateLeadsItem(lead=r, traceparent=t)
        for r, t in zip(requests, traces, strict=True)])


async def created_envelopes(sessions: async_sessionmaker[AsyncSession],
                            lead_ids: list[str]) -> dict[str, Envelope]:
    async with sessions() as session:
        rows = await session.execute(sa.select(outbox.c.aggregate_id, outbox.c.payload).where(
            outbox.c.aggregate_id.in_(lead_ids), outbox.c.type == "leads.created"))
        return {r.aggregate_id: Envelope.FromString(r.payload) for r in rows}


async def test_each_new_customer_of_a_batch_is_one_lead_with_its_own_created_event_and_trace(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    traces = [TRACEPARENT.format(uuid.uuid4().hex) for _ in range(5)]
    reply = await leads_stub.CreateLeads(
        batch(*(arrival(**customer()) for _ in range(5)), traces=traces), metadata=intake)
    ids = [r.lead.lead_id for r in reply.results]
    assert [r.lead.created for r in reply.results] == [True] * 5 and len(set(ids)) == 5
    envelopes = await created_envelopes(sessions, ids)
    assert [envelopes[i].traceparent[3:35] for i in ids] == [t[3:35] for t in traces]
    for lead_id in ids:
        [touch] = await touches(sessions, lead_id)
        assert touch.match_reason == ""


async def test_a_bad_item_is_refused_alone_naming_its_field(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    good = customer()
    reply = await leads_stub.CreateLeads(batch(
        arrival(**customer(phone="12345", email="")), arrival(**good)), metadata=intake)
    bad, ok = reply.results
    assert (bad.error_field, bad.HasField("lead")) == ("phone", False) and bad.error_message
    assert ok.lead.created and not ok.error_field
    assert await leads_with(sessions, phone=f"+86{good['phone']}") == 1


async def test_a_repeated_key_in_or_across_batches_returns_the_first_lead(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    same = arrival(**customer())
    first = await leads_stub.CreateLeads(batch(same, same), metadata=intake)
    again = await leads_stub.CreateLeads(batch(same), metadata=intake)
    answers = [r.lead for r in (*first.results, *again.results)]
    assert len({a.lead_id for a in answers}) == 1
    assert [a.created for a in answers] == [True, False, False]
    assert len(await touches(sessions, answers[0].lead_id)) == 1


async def test_a_known_customer_in_a_batch_becomes_a_touch_on_their_lead(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    known = customer()
    first = await leads_stub.CreateLead(arrival(**known), metadata=intake)
    reply = await leads_stub.CreateLeads(batch(
        arrival(**customer()), arrival(**customer(phone=known["phone"]))), metadata=intake)
    new, repeat = (r.lead for r in reply.results)
    assert new.created and new.lead_id != first.lead_id
    assert (repeat.lead_id, repeat.merged, repeat.duplicate_of) == (
        first.lead_id, True, first.lead_id)
    assert len(await touched_events(sessions, first.lead_id)) == 1


async def test_one_new_customer_twice_in_a_batch_is_one_lead_and_a_touch(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    same = customer()
    reply = await leads_stub.CreateLeads(batch(
        arrival(**same), arrival(**customer(email=same["email"]))), metadata=intake)
    first, second = (r.lead for r in reply.results)
    assert first.created and (second.lead_id, second.merged) == (first.lead_id, True)
    assert len(await touches(sessions, first.lead_id)) == 2


async def test_concurrent_batches_and_single_arrivals_of_one_customer_make_one_lead(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    same = customer()
    calls = [leads_stub.CreateLeads(batch(arrival(**customer()), arrival(**same)),
                                    metadata=intake) for _ in range(4)]
    singles = [leads_stub.CreateLead(arrival(**same), metadata=intake) for _ in range(3)]
    replies = await asyncio.gather(*calls, *singles)
    answers = [r.results[1].lead for r in replies[:4]] + list(replies[4:])
    assert len({a.lead_id for a in answers}) == 1 and sum(a.created for a in answers) == 1
    assert await leads_with(sessions, phone=f"+86{same['phone']}") == 1


async def test_only_intake_may_create_in_batches(leads_stub: Stub, auth: Any) -> None:
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("region-east",))
    with pytest.raises(Exception) as refused:
        await leads_stub.CreateLeads(batch(arrival(**customer())), metadata=rep)
    assert refused.value.code().name == "PERMISSION_DENIED"


async def test_a_key_reused_for_another_customer_is_refused_alone_in_a_batch(
    leads_stub: Stub, intake: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    first = arrival(**customer())
    await leads_stub.CreateLeads(batch(first), metadata=intake)
    other, bystander = customer(), customer()
    reply = await leads_stub.CreateLeads(batch(
        arrival(idempotency_key=first.idempotency_key, **other), arrival(**bystander)),
        metadata=intake)
    reused, ok = reply.results
    assert (reused.error_field, reused.HasField("lead")) == ("Idempotency-Key", False)
    assert ok.lead.created
    assert await leads_with(sessions, phone=f"+86{other['phone']}") == 0
