"""An admin's calendar year reaches every service's own working calendar: the event
leads publishes is applied to another service's `calendar_days`, replacing that year."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date

import pytest
from servicekit.consumer import Consumer
from servicekit.db import session_factory
from servicekit.messaging import Bus
from servicekit.outbox import Relay
from servicekit.tables import messaging_metadata
from servicekit.testing.scratch import scratch_schema
from servicekit.uow import UnitOfWork
from servicekit.workcal import repo, sync
from servicekit.workcal.table import calendar_days_table
from servicekit.workcal.year import Special, schedule
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

md = MetaData()
days = calendar_days_table(md)
YEAR = 2000 + uuid.uuid4().int % 90  # other runs' events on LEADS carry other years


def test_a_schedule_survives_the_trip_through_the_event() -> None:
    entered = schedule(2031, holidays=[Special(date(2031, 1, 1), "元旦")],
                       workdays=[Special(date(2031, 1, 4), "元旦调休")])
    back = sync.from_event(sync.to_event(entered, set_by="admin-1"))
    assert (back.year, back.holidays, back.workdays) == (2031, entered.holidays,
                                                         entered.workdays)


@pytest.fixture
async def service_db(infra) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with scratch_schema(infra.database_url, "cal", messaging_metadata, md) as (_, engine):
        yield session_factory(engine)


@pytest.mark.integration
async def test_another_service_counts_the_days_the_admin_entered(infra, service_db) -> None:
    sessions = service_db
    async with sessions() as session:  # the seeded copy says 1 May is a holiday
        seeded = schedule(YEAR, holidays=[Special(date(YEAR, 5, 1), "劳动节")], workdays=[])
        await repo.insert_days(session, days, seeded.days(), source="seeded")
        await session.commit()
    entered = schedule(YEAR, holidays=[Special(date(YEAR, 10, 1), "国庆节")],
                       workdays=[Special(date(YEAR, 5, 1), "调休")])
    stop = asyncio.Event()
    bus = Bus(infra.nats_url, name="cal-test")
    await bus.connect(stop)
    async with UnitOfWork(sessions, source="leads") as uow:
        uow.publish(sync.to_event(entered, set_by="admin"), type=sync.SUBJECT,
                    aggregate_id=str(YEAR))
        await uow.commit()
    relay = Relay(sessions, bus, source="leads", dsn=infra.database_url)
    await relay.publish_pending()
    await relay.close()
    consumer = Consumer(sync.calendar_subscription(f"cal-{uuid.uuid4().hex[:8]}", days),
                        sessions=sessions, bus=bus, source="kit")
    task = asyncio.create_task(consumer.run(stop))

    async def mirrored() -> bool:
        async with sessions() as session:
            found, source = await repo.year_days(session, days, YEAR)
        return source == "admin" and len(found) >= 365

    for _ in range(100):
        if await mirrored():
            break
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait_for(task, 10)
    await bus.close()
    async with sessions() as session:
        found, source = await repo.year_days(session, days, YEAR)
    by_day = {d.day: d for d in found}
    assert source == "admin"
    assert by_day[date(YEAR, 5, 1)].is_workday and by_day[date(YEAR, 5, 1)].name == "调休"
    assert not by_day[date(YEAR, 10, 1)].is_workday
