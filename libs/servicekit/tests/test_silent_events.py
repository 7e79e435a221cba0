"""A consumer told which events it would do nothing for (Subscription.silent) acks them
without an inbox row, in batch mode and one by one, and every other event is still
recorded and applied once however often it arrives."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.events.v1.leads_pb2 import LeadCreated
from servicekit.consumer import Consumer, Subscription
from servicekit.db import session_factory
from servicekit.envelope import new_envelope
from servicekit.messaging import Bus
from servicekit.tables import inbox, messaging_metadata
from servicekit.testing.scratch import scratch_schema
from sqlalchemy import Column, MetaData, Table, Text, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration

effects_md = MetaData()
effects = Table("effects", effects_md, Column("event_id", Text, primary_key=True))
QUIET = "静默公司"  # events of this company are the ones the handler ignores


@pytest.fixture
async def kit(infra) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], Bus]]:
    async with scratch_schema(infra.database_url, "quiet", messaging_metadata,
                              effects_md) as (_, engine):
        stop = asyncio.Event()
        bus = Bus(infra.nats_url, name="quiet")
        await bus.connect(stop)
        yield session_factory(engine), bus
        await bus.close()


async def _publish(bus: Bus, subject: str, company: str, copies: int = 1) -> str:
    envelope = new_envelope(LeadCreated(lead_id="L1", company=company), type=subject,
                            source="kit", aggregate_id="L1")
    assert bus.js is not None
    for _ in range(copies):  # copies under other message ids: a redelivery
        await bus.js.publish(subject, envelope.SerializeToString(),
                             headers={"Nats-Msg-Id": uuid.uuid4().hex})
    return envelope.id


def _is_quiet(envelope: Envelope, payload: LeadCreated) -> bool:
    return payload.company == QUIET


async def _drain(sessions, bus: Bus, subject: str, *, batch_mode: bool) -> list[str]:
    handled: list[str] = []

    async def one(uow, envelope, payload) -> None:
        handled.append(envelope.id)
        await uow.session.execute(effects.insert().values(event_id=envelope.id))

    async def together(uow, deliveries) -> None:
        for d in deliveries:
            await one(uow, d.envelope, d.payload)

    sub = Subscription(durable=f"quiet-{uuid.uuid4().hex[:8]}", stream="LEADS",
                       filter_subject=subject, handler=one, silent=_is_quiet,
                       batch_handler=together if batch_mode else None)
    stop = asyncio.Event()
    task = asyncio.create_task(Consumer(sub, sessions=sessions, bus=bus, source="kit").run(stop))
    assert bus.js is not None
    async with asyncio.timeout(20):
        while True:
            await asyncio.sleep(0.2)
            try:
                info = await bus.js.consumer_info("LEADS", sub.durable)
            except Exception:
                continue
            if info.delivered.stream_seq and not info.num_pending and not info.num_ack_pending:
                break  # everything delivered and acked: nothing waits for a redelivery
    stop.set()
    await asyncio.wait_for(task, 5)
    return handled


@pytest.mark.parametrize("batch_mode", [True, False], ids=["batch", "one_by_one"])
async def test_events_the_handler_ignores_are_acked_without_an_inbox_row(
        kit, batch_mode: bool) -> None:
    sessions, bus = kit
    subject = f"leads.quiet.{uuid.uuid4().hex}"
    quiet = [await _publish(bus, subject, QUIET, copies=2) for _ in range(3)]
    loud = [await _publish(bus, subject, "苏州精工", copies=2) for _ in range(2)]

    handled = await _drain(sessions, bus, subject, batch_mode=batch_mode)

    assert sorted(handled) == sorted(loud)  # each loud event once, its copy skipped
    async with sessions() as s:
        recorded = {str(i) for i in (await s.execute(select(inbox.c.event_id))).scalars()}
        applied = await s.scalar(select(func.count()).select_from(effects))
    assert recorded == set(loud)
    assert not recorded & set(quiet)
    assert applied == 2
