"""A rep's laptop slept while the assigner placed more of an import's leads: their import
summary grew in place under its old id. What changed since the last version the live
stream showed them must include it, once, after the items stored before the growth."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest
from google.protobuf.message import Message
from notifications.service_layer import handlers
from salesos.events.v1 import leads_pb2
from servicekit.envelope import new_envelope
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration
Sessions = async_sessionmaker[AsyncSession]
Owner = leads_pb2.LeadImportFinished.Owner


async def _deliver(sessions: Sessions, kind: str, event: Message, aggregate_id: str) -> None:
    envelope = new_envelope(event, type=kind, source="leads", aggregate_id=aggregate_id)
    async with UnitOfWork(sessions, source="notifications") as uow:
        await handlers.on_lead_event(uow, envelope, event)
        await uow.commit()


def _summary(import_id: str, rep: str, assigned: int) -> leads_pb2.LeadImportFinished:
    return leads_pb2.LeadImportFinished(
        import_id=import_id, file_name="展会名单.xlsx", started_by=f"mgr-{uuid.uuid4()}",
        state="done", rows_total=assigned, created=assigned,
        owners=[Owner(owner_id=rep, assigned=assigned)])


async def test_a_summary_grown_in_place_is_among_the_changes_since_the_last_version_seen(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    rep, import_id = f"rep-{uuid.uuid4()}", str(uuid.uuid4())
    await _deliver(sessions, "leads.import_finished", _summary(import_id, rep, 1), import_id)
    lead_id = str(uuid.uuid4())
    await _deliver(sessions, "leads.assigned", leads_pb2.LeadAssigned(
        lead_id=lead_id, owner_id=rep, company="恒力液压", name="李娜"), lead_id)
    everything = await handlers.inbox_changes(sessions, user_id=rep, page_size=10, after=0)
    summary, single = everything.items
    assert "新线索 1 条" in summary.body and single.kind == "lead_assigned"
    seen = single.version  # the stream's last event before the laptop slept

    await _deliver(sessions, "leads.import_finished", _summary(import_id, rep, 3), import_id)

    missed = await handlers.inbox_changes(sessions, user_id=rep, page_size=10, after=seen)
    [grown] = missed.items
    assert grown.id == summary.id and "新线索 3 条" in grown.body
    assert grown.version > seen and missed.next_page_token == ""
    assert (await handlers.inbox_changes(sessions, user_id=rep, page_size=10,
                                         after=grown.version)).items == []


async def test_changes_come_oldest_first_a_page_at_a_time(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    rep, leads = f"rep-{uuid.uuid4()}", [str(uuid.uuid4()) for _ in range(5)]
    for n, lead_id in enumerate(leads):
        await _deliver(sessions, "leads.assigned", leads_pb2.LeadAssigned(
            lead_id=lead_id, owner_id=rep, company=f"公司{n}", name="王工"), lead_id)
    first = await handlers.inbox_changes(sessions, user_id=rep, page_size=3, after=0)
    assert len(first.items) == 3 and first.next_page_token == str(first.items[-1].version)
    rest = await handlers.inbox_changes(sessions, user_id=rep, page_size=3,
                                        after=first.items[-1].version)
    assert [i.link for i in [*first.items, *rest.items]] == [f"/leads/{i}" for i in leads]
    assert rest.next_page_token == ""
