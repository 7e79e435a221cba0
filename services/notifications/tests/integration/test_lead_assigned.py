"""A lead's new owner hears about it exactly once, however often JetStream delivers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import sqlalchemy as sa
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from notifications.adapters.orm import inbox_items
from notifications.service_layer import handlers
from salesos.events.v1 import leads_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.consumer import Consumer, Subscription
from servicekit.envelope import new_envelope
from servicekit.messaging import Bus
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration


def lead_assigned(owner_id: str, *, company: str = "苏州精工机械", name: str = "王伟") -> Envelope:
    lead_id = str(uuid.uuid4())
    event = leads_pb2.LeadAssigned(
        lead_id=lead_id, owner_id=owner_id, owner_username="rep01", region_id="east",
        company=company, name=name, assigned_at=Timestamp(seconds=1_760_000_000),
        reason="华东区轮流分配",
    )
    return new_envelope(event, type="leads.assigned", source="leads", aggregate_id=lead_id)


async def items_of(sessions: async_sessionmaker[AsyncSession], user_id: str) -> list[sa.Row]:
    async with sessions() as session:
        query = sa.select(inbox_items).where(inbox_items.c.user_id == user_id)
        return list((await session.execute(query)).all())


def _payload(envelope: Envelope) -> Message:
    event = leads_pb2.LeadAssigned()
    envelope.payload.Unpack(event)
    return event


@pytest.fixture
async def tx_sessions(
    db_sessionmaker: Callable[[str], Awaitable[async_sessionmaker[AsyncSession]]],
) -> async_sessionmaker[AsyncSession]:
    """Sessions inside one outer transaction that is rolled back after the test."""
    return await db_sessionmaker("notifications")


async def _handle(sessions: async_sessionmaker[AsyncSession], envelope: Envelope) -> None:
    async with UnitOfWork(sessions, source="notifications") as uow:
        await handlers.on_lead_event(uow, envelope, _payload(envelope))
        await uow.commit()


async def test_owner_gets_an_inbox_item_naming_the_lead(
    tx_sessions: async_sessionmaker[AsyncSession],
) -> None:
    owner = f"user-{uuid.uuid4()}"
    envelope = lead_assigned(owner, company="杭州恒力液压", name="李娜")
    await _handle(tx_sessions, envelope)
    [item] = await items_of(tx_sessions, owner)
    assert item.title == "新线索已分配给您：杭州恒力液压 李娜"
    assert item.kind == "lead_assigned"
    assert item.link == f"/leads/{envelope.aggregate_id}"
    assert item.event_id == envelope.id
    assert "华东区轮流分配" in item.body


async def test_same_event_handled_twice_stores_one_item_even_without_the_inbox_table(
    tx_sessions: async_sessionmaker[AsyncSession],
) -> None:
    # Calls the handler directly, bypassing the consumer's idempotency table, so only the
    # (event_id, user_id) unique key stands between a redelivery and a duplicate.
    owner = f"user-{uuid.uuid4()}"
    envelope = lead_assigned(owner)
    await _handle(tx_sessions, envelope)
    await _handle(tx_sessions, envelope)
    assert len(await items_of(tx_sessions, owner)) == 1


async def test_other_lead_events_are_accepted_and_notify_nobody(
    tx_sessions: async_sessionmaker[AsyncSession],
) -> None:
    owner = f"user-{uuid.uuid4()}"
    envelope = lead_assigned(owner)
    envelope.type = "leads.created"
    await _handle(tx_sessions, envelope)
    assert await items_of(tx_sessions, owner) == []


async def test_event_redelivered_through_jetstream_gives_the_owner_one_item(
    infra: Any, sessions: async_sessionmaker[AsyncSession],
) -> None:
    owner = f"user-{uuid.uuid4()}"
    envelope = lead_assigned(owner)
    stop = asyncio.Event()
    bus = Bus(infra.nats_url, name="notifications-test")
    await bus.connect(stop)
    assert bus.js is not None
    # Two copies of one event under different message ids get past JetStream's dedupe, as
    # a relay re-publishing after the dedupe window would.
    for copy in ("a", "b"):
        await bus.js.publish("leads.assigned", envelope.SerializeToString(),
                             headers={"Nats-Msg-Id": f"{envelope.id}-{copy}"})
    durable = f"notifications-test-{uuid.uuid4().hex[:8]}"
    sub = Subscription(durable=durable, stream="LEADS", filter_subject="leads.assigned",
                       handler=handlers.on_lead_event)
    task = asyncio.create_task(
        Consumer(sub, sessions=sessions, bus=bus, source="notifications").run(stop))
    try:
        await _until_drained(bus, durable)
    finally:
        stop.set()
        await task
        await bus.close()
    assert len(await items_of(sessions, owner)) == 1


async def _until_drained(bus: Bus, durable: str, within: float = 20.0) -> None:
    assert bus.js is not None
    async with asyncio.timeout(within):
        while True:
            await asyncio.sleep(0.2)
            try:
                info = await bus.js.consumer_info("LEADS", durable)
            except Exception:
                continue
            if info.num_pending == 0 and info.num_ack_pending == 0 and info.delivered.stream_seq:
                return
