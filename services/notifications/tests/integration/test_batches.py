"""The notifications consumer's batch mode gives the same inbox as event by event."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from google.protobuf.message import Message
from notifications.adapters.orm import deliveries, delivery_jobs, digest_jobs, inbox_items
from notifications.adapters.preferences_repo import save
from notifications.domain.preferences import Preferences
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


async def test_a_batch_plans_each_owners_channels_once_honouring_quiet_hours(
    tx_sessions: async_sessionmaker[AsyncSession],
) -> None:
    # 23:00 in Shanghai: the night owl's pushes wait for one morning digest, the other
    # owner's email goes at once; a replay of the batch plans nothing more.
    night, morning = datetime(2026, 3, 2, 15, 0, tzinfo=UTC), datetime(2026, 3, 3, 0, 0,
                                                                        tzinfo=UTC)
    owl, early = f"user-{uuid.uuid4()}", f"user-{uuid.uuid4()}"
    async with tx_sessions() as session:
        await save(session, Preferences(user_id=owl, email="owl@example.com", language="en",
                                        wecom_webhook="https://qyapi.weixin.qq.com/x",
                                        quiet_start="22:00", quiet_end="08:00"), now=night)
        await save(session, Preferences(user_id=early, email="early@example.com"), now=night)
        await session.commit()
    events = []
    for owner in (owl, owl, early):
        lead_id = str(uuid.uuid4())
        assigned = leads_pb2.LeadAssigned(lead_id=lead_id, owner_id=owner, company="精工",
                                          name="王伟")
        events.append((envelope_of(assigned, "leads.assigned", lead_id), assigned, None))
    for expected in (3, 0):
        async with UnitOfWork(tx_sessions, source="notifications") as uow:
            assert await handlers.notify_lead_events(uow, events, now=night) == expected
            await uow.commit()
    async with tx_sessions() as session:
        planned = (await session.execute(sa.select(
            deliveries.c.recipient, deliveries.c.channel, deliveries.c.state,
            deliveries.c.title, deliveries.c.target).where(
            deliveries.c.recipient.in_([owl, early])))).all()
        digests = (await session.execute(sa.select(
            digest_jobs.c.user_id, digest_jobs.c.channel, digest_jobs.c.due_at).where(
            digest_jobs.c.user_id.in_([owl, early])))).all()
        attempts = (await session.execute(sa.select(sa.func.count()).select_from(
            delivery_jobs.join(deliveries, deliveries.c.id == delivery_jobs.c.delivery_id))
            .where(deliveries.c.recipient.in_([owl, early])))).scalar_one()
    assert sorted((r.recipient, r.channel, r.state) for r in planned) == sorted(
        [(owl, "email", "held"), (owl, "wecom", "held")] * 2 + [(early, "email", "pending")])
    assert {r.title for r in planned if r.recipient == owl} == {
        "New lead assigned to you: 精工 王伟"}
    assert {r.target["to"] for r in planned if r.channel == "email"} == {
        "owl@example.com", "early@example.com"}
    assert sorted(digests) == [(owl, "email", morning), (owl, "wecom", morning)]
    assert attempts == 1
