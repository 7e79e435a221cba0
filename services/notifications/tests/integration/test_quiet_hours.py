"""Quiet hours: non-urgent pushes wait and go out as one digest when the window ends
(Asia/Shanghai); urgent ones go at once; the in-app inbox is never held."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from notifications.adapters.channels.registry import build_channels
from notifications.adapters.orm import deliveries, digest_jobs, inbox_items
from notifications.adapters.preferences_repo import save
from notifications.domain.notices import Notice
from notifications.domain.preferences import Preferences
from notifications.entrypoints.jobs import jobs
from notifications.service_layer import notify
from notifications.service_layer.deps import Deps
from notifications.settings import NotifySettings
from servicekit.scheduler import fire_due
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.e2e.receivers import HttpReceiver

pytestmark = pytest.mark.integration
NIGHT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)     # 23:00 in Shanghai
MORNING = datetime(2026, 3, 3, 0, 0, tzinfo=UTC)    # 08:00 in Shanghai


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class NoDirectory:
    async def users_with_role(self, role: str) -> list[str]:
        return []

    async def managers_of_region(self, region_id: str) -> list[str]:
        return []

    async def manager_of(self, user_id: str) -> str:
        return ""

    async def display_name(self, user_id: str) -> str:
        return user_id


@pytest.fixture
async def tx(db_sessionmaker: Callable[[str], Awaitable[async_sessionmaker[AsyncSession]]]
             ) -> async_sessionmaker[AsyncSession]:
    return await db_sessionmaker("notifications")


def notice(user: str, title: str, *, urgent: bool = False) -> Notice:
    return Notice("stage_gate_blocked", {"to_stage": "报价", "to_stage_en": "quote",
                                         "title": title, "unmet": "方案已评审"},
                  "/opportunities/o1", users=(user,), urgent=urgent)


async def test_night_pushes_wait_for_one_morning_digest_while_urgent_ones_go_at_once(
        tx: async_sessionmaker[AsyncSession], receiver: HttpReceiver) -> None:
    user, path = f"rep-{uuid.uuid4().hex[:8]}", f"/wecom/{uuid.uuid4().hex}"
    clock = Clock(NIGHT)
    deps = Deps(sessions=tx, org=NoDirectory(), clock=clock,
                channels=build_channels(NotifySettings(demo=True)))
    async with tx() as session:
        await save(session, Preferences(user_id=user, wecom_webhook=receiver.url(path),
                                        quiet_start="22:00", quiet_end="08:00"), now=NIGHT)
        await session.commit()
    for title, urgent in (("甲项目", False), ("乙项目", False), ("丙项目", True)):
        async with UnitOfWork(tx, source="notifications") as uow:
            await notify.deliver(deps, uow, notice(user, title, urgent=urgent),
                                 event_id=str(uuid.uuid4()))
            await uow.commit()
    attempt, digest = jobs(deps, interval_seconds=1)
    await fire_due(attempt, tx, source="notifications", now=NIGHT)
    [urgent_push] = receiver.to(path)
    assert "丙项目" in urgent_push.body["markdown"]["content"]
    async with tx() as session:
        states = dict((await session.execute(sa.select(deliveries.c.title, deliveries.c.state)
                                             .where(deliveries.c.recipient == user))).all())
        [due] = (await session.execute(sa.select(digest_jobs.c.due_at).where(
            digest_jobs.c.user_id == user))).scalars().all()
        inbox = (await session.execute(sa.select(sa.func.count()).where(
            inbox_items.c.user_id == user))).scalar_one()
    assert sorted(states.values()) == ["held", "held", "sent"] and due == MORNING
    assert inbox == 3  # the inbox shows everything at once; only pushes wait

    clock.now = MORNING
    assert await fire_due(digest, tx, source="notifications", now=MORNING) == 1
    await fire_due(attempt, tx, source="notifications", now=MORNING)
    assert len(receiver.to(path)) == 2
    content = receiver.to(path)[1].body["markdown"]["content"]
    assert "免打扰期间的 2 条通知" in content and "甲项目" in content and "乙项目" in content
