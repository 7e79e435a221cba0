"""A rep handed 2,000 leads by one import gets one inbox item saying so, not 2,000; the
person who started the import hears how the file went, once however often it arrives."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest
import sqlalchemy as sa
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from notifications.adapters.orm import inbox_items
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
    for _ in range(2):  # JetStream may deliver twice
        async with UnitOfWork(sessions, source="notifications") as uow:
            await handlers.on_lead_event(uow, envelope, event)
            await uow.commit()


async def _inbox(sessions: Sessions, *people: str) -> list[tuple[str, str, str, str]]:
    async with sessions() as session:
        rows = (await session.execute(sa.select(inbox_items).where(
            inbox_items.c.user_id.in_(people)).order_by(inbox_items.c.user_id))).all()
    return [(r.user_id, r.kind, r.title, r.body) for r in rows]


async def test_an_imports_leads_are_told_to_each_owner_once_and_its_outcome_to_the_uploader(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    import_id, rep, other = str(uuid.uuid4()), f"a-rep-{uuid.uuid4()}", f"b-rep-{uuid.uuid4()}"
    uploader = f"c-manager-{uuid.uuid4()}"
    for n in range(3):  # the import's own assignments and returning customers stay quiet
        lead_id = str(uuid.uuid4())
        await _deliver(sessions, "leads.assigned", leads_pb2.LeadAssigned(
            lead_id=lead_id, owner_id=rep, company=f"公司{n}", name="王工",
            import_id=import_id), lead_id)
    await _deliver(sessions, "leads.touched", leads_pb2.LeadTouched(
        lead_id=lead_id, touch_id="t-1", owner_id=other, channel="import", company="老客户",
        name="李工", import_id=import_id, touched_at=Timestamp(seconds=1_790_000_000)), lead_id)
    assert await _inbox(sessions, rep, other) == []

    await _deliver(sessions, "leads.import_finished", leads_pb2.LeadImportFinished(
        import_id=import_id, file_name="展会名单.xlsx", started_by=uploader, state="done",
        rows_total=5, created=3, merged=1, failed=1,
        owners=[Owner(owner_id=rep, assigned=3), Owner(owner_id=other, returned=1)]),
        import_id)
    assert await _inbox(sessions, rep, other, uploader) == [
        (rep, "lead_import_assigned", "批量导入的线索已到您名下：展会名单.xlsx",
         "新线索 3 条，老客户再次出现 0 条。请按首次联系时限逐一跟进。"),
        (other, "lead_import_assigned", "批量导入的线索已到您名下：展会名单.xlsx",
         "新线索 0 条，老客户再次出现 1 条。请按首次联系时限逐一跟进。"),
        (uploader, "lead_import_finished", "批量导入完成：展会名单.xlsx",
         "共 5 行：新建 3 条，合并到已有线索 1 条，失败 1 条。"
         "失败的行可下载错误清单（errors.xlsx），改正后只重新导入这些行。")]


async def test_a_lead_assigned_outside_an_import_is_still_told_on_its_own(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    rep, lead_id = f"rep-{uuid.uuid4()}", str(uuid.uuid4())
    await _deliver(sessions, "leads.assigned", leads_pb2.LeadAssigned(
        lead_id=lead_id, owner_id=rep, company="恒力液压", name="李娜"), lead_id)
    assert [kind for _, kind, _, _ in await _inbox(sessions, rep)] == ["lead_assigned"]


async def test_an_uploader_who_is_also_an_owner_reads_both_in_one_item(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    import_id, rep = str(uuid.uuid4()), f"rep-{uuid.uuid4()}"
    await _deliver(sessions, "leads.import_finished", leads_pb2.LeadImportFinished(
        import_id=import_id, file_name="我的客户.csv", started_by=rep, state="failed",
        error="文件中没有可识别的列", rows_total=0, created=2,
        owners=[Owner(owner_id=rep, assigned=2)]), import_id)
    [(_, kind, title, body)] = await _inbox(sessions, rep)
    assert (kind, title) == ("lead_import_failed", "批量导入未完成：我的客户.csv")
    assert body == ("原因：文件中没有可识别的列。停止前处理的行已导入（新建 2 条）。 "
                    "新线索 2 条，老客户再次出现 0 条。请按首次联系时限逐一跟进。")


async def test_leads_placed_after_the_import_grow_their_owners_summary_not_their_inbox(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    """The org directory was down during the import: the leads assigner placed most of its
    leads afterwards, and the import's summary came again with the counts as they then
    were. Each owner still has one item, now counting every lead; the uploader's outcome
    is told once."""
    sessions = await db_sessionmaker("notifications")
    import_id, rep, late = str(uuid.uuid4()), f"a-rep-{uuid.uuid4()}", f"b-rep-{uuid.uuid4()}"
    uploader = f"c-manager-{uuid.uuid4()}"

    def summary(*owners: Owner) -> leads_pb2.LeadImportFinished:
        return leads_pb2.LeadImportFinished(
            import_id=import_id, file_name="展会名单.xlsx", started_by=uploader, state="done",
            rows_total=4, created=4, owners=list(owners))

    await _deliver(sessions, "leads.import_finished", summary(Owner(owner_id=rep, assigned=1)),
                   import_id)
    [(_, _, _, told)] = await _inbox(sessions, rep)
    assert "新线索 1 条" in told
    async with sessions() as session, session.begin():
        await session.execute(sa.update(inbox_items).where(inbox_items.c.user_id == rep)
                              .values(read_at=sa.func.now()))
    for owner in (rep, rep, late):  # placed by the assigner: silent, like the import's own
        lead_id = str(uuid.uuid4())
        await _deliver(sessions, "leads.assigned", leads_pb2.LeadAssigned(
            lead_id=lead_id, owner_id=owner, company="苏州精工", name="王工",
            import_id=import_id), lead_id)
    grown = summary(Owner(owner_id=rep, assigned=3), Owner(owner_id=late, assigned=1))
    await _deliver(sessions, "leads.import_finished", grown, import_id)
    # the first summary again, arriving late (another relay): it shows less, so nothing
    await _deliver(sessions, "leads.import_finished", summary(Owner(owner_id=rep, assigned=1)),
                   import_id)

    inbox = await _inbox(sessions, rep, late, uploader)
    assert [(person, kind) for person, kind, _, _ in inbox] == [
        (rep, "lead_import_assigned"), (late, "lead_import_assigned"),
        (uploader, "lead_import_finished")]
    assert "新线索 3 条" in inbox[0][3] and "新线索 1 条" in inbox[1][3]
    async with sessions() as session:
        unread = (await session.execute(sa.select(inbox_items.c.read_at).where(
            inbox_items.c.user_id == rep))).scalar_one() is None
    assert unread  # the grown summary is news again
