"""A known customer's return reaches the lead owner's inbox once."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest
import sqlalchemy as sa
from google.protobuf.timestamp_pb2 import Timestamp
from notifications.adapters.orm import inbox_items
from notifications.service_layer import handlers
from salesos.events.v1 import leads_pb2
from servicekit.envelope import new_envelope
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration


async def test_the_owner_of_a_touched_lead_is_told_once(
    db_sessionmaker: Callable[[str], Awaitable[async_sessionmaker[AsyncSession]]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    owner, lead_id = f"user-{uuid.uuid4()}", str(uuid.uuid4())
    event = leads_pb2.LeadTouched(lead_id=lead_id, touch_id="t-1", owner_id=owner,
                                  source="ads_baidu", channel="ads", company="恒力液压",
                                  name="李娜", match_reason="微信号相同",
                                  touched_at=Timestamp(seconds=1_790_000_000))
    envelope = new_envelope(event, type="leads.touched", source="leads", aggregate_id=lead_id)
    for _ in range(2):
        async with UnitOfWork(sessions, source="notifications") as uow:
            await handlers.on_lead_event(uow, envelope, event)
            await uow.commit()
    async with sessions() as session:
        rows = (await session.execute(
            sa.select(inbox_items).where(inbox_items.c.user_id == owner))).all()
    assert [(r.title, r.link) for r in rows] == [
        ("老客户再次咨询：恒力液压 李娜（来源：广告投放）", f"/leads/{lead_id}")]
