"""A rep handed 5,000 leads by one import is not reminded 5,000 times when their clocks
fall due together, nor their manager escalated to 5,000 times: each hears once per import
and threshold, with the count, however the leads service's summaries arrive (redelivered,
one per owner, a later count after another batch of the import)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from google.protobuf.message import Message
from notifications.adapters.orm import deliveries, inbox_items
from notifications.adapters.preferences_repo import save
from notifications.domain.preferences import Preferences
from notifications.service_layer import handlers
from opentelemetry import trace
from salesos.events.v1 import leads_pb2
from servicekit.batching import Delivery
from servicekit.envelope import new_envelope
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration
Sessions = async_sessionmaker[AsyncSession]
T0 = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def summary(import_id: str, owner: str, kind: str, leads: int, *, minutes: int = 0,
            managers: tuple[str, ...] = ()) -> leads_pb2.LeadImportFirstContactDue:
    message = leads_pb2.LeadImportFirstContactDue(
        import_id=import_id, file_name="展会名单.xlsx", owner_id=owner,
        owner_username=owner.split("-")[0], kind=kind,
        percent={"reminder_50": 50, "reminder_90": 90}.get(kind, 100), leads=leads,
        manager_ids=list(managers))
    message.first_due_at.FromDatetime(T0 + timedelta(hours=4))
    message.last_due_at.FromDatetime(T0 + timedelta(hours=4, minutes=2))
    message.as_of.FromDatetime(T0 + timedelta(minutes=minutes))
    return message


async def deliver(sessions: Sessions, kind: str, *events: Message, times: int = 1) -> None:
    """The events as one fetched batch of the LEADS durable, `times` times (JetStream
    may deliver again)."""
    batch = [Delivery(None, new_envelope(e, type=kind, source="leads", aggregate_id="x"), e,
                      trace.INVALID_SPAN) for e in events]  # type: ignore[arg-type]
    for _ in range(times):
        async with UnitOfWork(sessions, source="notifications") as uow:
            await handlers.on_lead_events(uow, batch)
            await uow.commit()


async def inbox(sessions: Sessions, person: str) -> list[tuple[str, str, str, bool]]:
    async with sessions() as session:
        rows = (await session.execute(sa.select(inbox_items).where(
            inbox_items.c.user_id == person).order_by(inbox_items.c.kind))).all()
    return [(r.kind, r.title, r.body, r.read_at is None) for r in rows]


async def test_the_rep_hears_once_per_threshold_with_the_latest_count(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    import_id, rep = str(uuid.uuid4()), f"rep01-{uuid.uuid4()}"
    # Per-lead overdue events of an import's leads are for the KPIs, not for inboxes.
    lead = leads_pb2.LeadFirstContactOverdue(lead_id=str(uuid.uuid4()), owner_id=rep,
                                             company="沈阳重工", name="赵一",
                                             manager_ids=["mgr"], import_id=import_id)
    await deliver(sessions, "leads.first_contact_overdue", lead)
    assert await inbox(sessions, "mgr") == []

    await deliver(sessions, "leads.import_first_contact_due",
                  summary(import_id, rep, "reminder_50", 3000), times=2)
    [(kind, title, body, _)] = await inbox(sessions, rep)
    assert (kind, title) == ("import_first_contact_reminder",
                             "导入「展会名单.xlsx」中 3000 条线索首次联系时限已用去 50%")
    assert "最早一条 11月30日 14:00 到期" in body

    async with sessions() as session:  # the rep reads it
        await session.execute(sa.update(inbox_items).where(inbox_items.c.user_id == rep)
                              .values(read_at=T0))
        await session.commit()
    # Another batch of the import fell due later: its count replaces the first one ...
    await deliver(sessions, "leads.import_first_contact_due",
                  summary(import_id, rep, "reminder_50", 5000, minutes=3))
    # ... and the first count arriving again afterwards changes nothing.
    await deliver(sessions, "leads.import_first_contact_due",
                  summary(import_id, rep, "reminder_50", 3000))
    assert [(t, unread) for _, t, _, unread in await inbox(sessions, rep)] == [
        ("导入「展会名单.xlsx」中 5000 条线索首次联系时限已用去 50%", True)]

    await deliver(sessions, "leads.import_first_contact_due",
                  summary(import_id, rep, "reminder_90", 4800, minutes=5))
    assert sorted(t for _, t, _, _ in await inbox(sessions, rep)) == sorted([
        "导入「展会名单.xlsx」中 5000 条线索首次联系时限已用去 50%",
        "导入「展会名单.xlsx」中 4800 条线索首次联系时限已用去 90%"])  # two items, any order


async def test_a_manager_reads_one_overdue_summary_per_import_naming_each_owner(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    import_id = str(uuid.uuid4())
    manager, director = f"mgr-{uuid.uuid4()}", f"dir-{uuid.uuid4()}"
    a, b = f"rep01-{uuid.uuid4()}", f"rep02-{uuid.uuid4()}"
    async with sessions() as session:  # the manager wants e-mail too
        await save(session, Preferences(user_id=manager, email="mgr@example.cn"), now=T0)
        await session.commit()
    # Each owner's summary comes in its own batch, one of them twice.
    await deliver(sessions, "leads.import_first_contact_due",
                  summary(import_id, a, "overdue", 1200, managers=(manager, director)),
                  times=2)
    await deliver(sessions, "leads.import_first_contact_due",
                  summary(import_id, b, "overdue", 800, minutes=1, managers=(manager,)))
    [(kind, title, body, _)] = await inbox(sessions, manager)
    assert (kind, title) == ("import_first_contact_overdue",
                             "导入「展会名单.xlsx」中 2000 条线索首次联系已超时")
    assert body.startswith("rep01 1200 条、rep02 800 条，截至 11月30日 14:02 仍未首次联系。")
    assert "不会自动改派" in body
    assert [t for _, t, _, _ in await inbox(sessions, director)] == [
        "导入「展会名单.xlsx」中 1200 条线索首次联系已超时"]
    async with sessions() as session:  # one e-mail, saying what the inbox says
        sent = (await session.execute(sa.select(deliveries.c.title).where(
            deliveries.c.recipient == manager))).scalars().all()
    assert sent == ["导入「展会名单.xlsx」中 2000 条线索首次联系已超时"]
