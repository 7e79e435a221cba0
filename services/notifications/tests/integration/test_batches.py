"""The notifications consumer's batch mode gives the same inbox as event by event."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest
import sqlalchemy as sa
from google.protobuf.message import Message
from notifications.adapters.orm import inbox_items
from notifications.service_layer import handlers
from salesos.events.v1 import leads_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.batching import Delivery
from servicekit.envelope import new_envelope
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration


def envelope_of(event: Message, type_: str, lead_id: str) -> Envelope:
    return new_envelope(event, type=type_, source="leads", aggregate_id=lead_id)


def delivery(envelope: Envelope, event: Message) -> Delivery:
    return Delivery(None, envelope, event, None)  # type: ignore[arg-type]


@pytest.fixture
async def tx_sessions(
    db_sessionmaker: Callable[[str], Awaitable[async_sessionmaker[AsyncSession]]],
) -> async_sessionmaker[AsyncSession]:
    return await db_sessionmaker("notifications")


async def test_a_batch_gives_each_owner_one_item_per_assignment_and_a_returning_customer_note(
    tx_sessions: async_sessionmaker[AsyncSession],
) -> None:
    owners = [f"user-{uuid.uuid4()}" for _ in range(3)]
    batch = []
    for i, owner in enumerate(owners):
        lead_id = str(uuid.uuid4())
        created = leads_pb2.LeadCreated(lead_id=lead_id, company=f"精工{i}", name="王伟")
        assigned = leads_pb2.LeadAssigned(lead_id=lead_id, owner_id=owner, company=f"精工{i}",
                                          name="王伟", reason="华东区轮流分配")
        batch += [delivery(envelope_of(created, "leads.created", lead_id), created),
                  delivery(envelope_of(assigned, "leads.assigned", lead_id), assigned)]
    touched = leads_pb2.LeadTouched(lead_id=str(uuid.uuid4()), owner_id=owners[0],
                                    company="精工0", name="王伟", channel="qr_scan",
                                    match_reason="手机号相同")
    batch.append(delivery(envelope_of(touched, "leads.touched", touched.lead_id), touched))
    for _ in range(2):  # the same batch again (redelivered without the inbox table): no copies
        async with UnitOfWork(tx_sessions, source="notifications") as uow:
            await handlers.on_lead_events(uow, batch)
            await uow.commit()
    async with tx_sessions() as session:
        rows = (await session.execute(sa.select(inbox_items.c.user_id, inbox_items.c.kind,
                                                inbox_items.c.title).where(
            inbox_items.c.user_id.in_(owners)))).all()
    kinds = sorted((r.user_id, r.kind) for r in rows)
    assert kinds == sorted([(o, "lead_assigned") for o in owners]
                           + [(owners[0], "lead_touched")])
    assert {r.title for r in rows if r.kind == "lead_assigned"} == {
        f"新线索已分配给您：精工{i} 王伟" for i in range(3)}


async def test_an_assignment_to_nobody_fails_the_batch_so_it_is_redone_one_by_one(
    tx_sessions: async_sessionmaker[AsyncSession],
) -> None:
    lead_id = str(uuid.uuid4())
    nobody = leads_pb2.LeadAssigned(lead_id=lead_id, owner_id="", company="精工", name="王伟")
    with pytest.raises(ValueError):
        async with UnitOfWork(tx_sessions, source="notifications") as uow:
            await handlers.on_lead_events(
                uow, [delivery(envelope_of(nobody, "leads.assigned", lead_id), nobody)])
