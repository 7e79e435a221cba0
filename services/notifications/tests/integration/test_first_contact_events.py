"""Clock events from the leads service reach the right inboxes, once per delivery."""

from __future__ import annotations

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
from servicekit.envelope import new_envelope
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration
DUE = Timestamp(seconds=1_760_000_000)


@pytest.fixture
async def tx_sessions(
    db_sessionmaker: Callable[[str], Awaitable[async_sessionmaker[AsyncSession]]],
) -> async_sessionmaker[AsyncSession]:
    return await db_sessionmaker("notifications")


async def deliver(sessions: async_sessionmaker[AsyncSession], type_: str,
                  event: Message) -> Envelope:
    envelope = new_envelope(event, type=type_, source="leads", aggregate_id=event.lead_id)
    for _ in range(2):  # JetStream may deliver twice; the inbox holds one item per person
        async with UnitOfWork(sessions, source="notifications") as uow:
            await handlers.on_lead_event(uow, envelope, event)
            await uow.commit()
    return envelope


async def items_of(sessions: async_sessionmaker[AsyncSession], user_id: str) -> list[Any]:
    async with sessions() as session:
        return list((await session.execute(
            sa.select(inbox_items).where(inbox_items.c.user_id == user_id))).all())


async def test_reminder_reaches_the_owner_once(tx_sessions: Any) -> None:
    owner = f"u-{uuid.uuid4()}"
    await deliver(tx_sessions, "leads.first_contact_reminder", leads_pb2.LeadFirstContactReminder(
        lead_id="L-1", owner_id=owner, owner_username="rep01", company="甲公司", name="王伟",
        percent=50, due_at=DUE))
    [item] = await items_of(tx_sessions, owner)
    assert item.kind == "first_contact_reminder" and "50%" in item.body


async def test_overdue_escalates_to_each_manager_named_in_the_event(tx_sessions: Any) -> None:
    managers = [f"u-{uuid.uuid4()}", f"u-{uuid.uuid4()}"]
    await deliver(tx_sessions, "leads.first_contact_overdue", leads_pb2.LeadFirstContactOverdue(
        lead_id="L-2", owner_id="u-rep", owner_username="rep01", region_id="east",
        company="甲公司", name="王伟", due_at=DUE, manager_ids=managers,
        reassigned_to_id="u-rep2", reassigned_to_username="rep02"))
    for manager in managers:
        [item] = await items_of(tx_sessions, manager)
        assert item.title == "线索首次联系已超时：甲公司 王伟"
        assert "rep02" in item.body
    assert await items_of(tx_sessions, "u-rep") == []
