"""Two notices for a rep are handled side by side. The first takes its version, then its
transaction is slow to commit; meanwhile the second takes the next version, commits, and
the rep's live stream shows it. The rep's laptop sleeps right then. When the stream
comes back it asks for what changed after the version it saw last: the first notice,
committed meanwhile under a lower version, must be among it, or the rep never sees it
until they reload the whole inbox. What they saw long before is not sent again."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from notifications.adapters import import_clock_repo
from notifications.adapters.orm import inbox_items
from notifications.adapters.repository import InboxRepository
from notifications.domain.model import InboxItem
from notifications.service_layer import handlers
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from uuid6 import uuid7

pytestmark = pytest.mark.integration
Sessions = async_sessionmaker[AsyncSession]
LAG = timedelta(seconds=30)  # the service's default SALESOS_INBOX_CHANGE_LAG_SECONDS


def _notice(rep: str, title: str) -> InboxItem:
    return InboxItem(id=str(uuid7()), user_id=rep, kind="lead_assigned", title=title,
                     body="", link=f"/leads/{uuid.uuid4()}", event_id=str(uuid7()),
                     created_at=datetime.now(UTC))


async def _store(sessions: Sessions, item: InboxItem) -> None:
    async with sessions() as session:
        await InboxRepository(session).add(item)
        await session.commit()


async def _changes(sessions: Sessions, rep: str, after: int,
                   late: timedelta | None = None) -> list[tuple[str, int]]:
    page = await handlers.inbox_changes(sessions, user_id=rep, page_size=100, after=after,
                                        late=late)
    return [(item.title, item.version) for item in page.items]


async def test_a_notice_committed_after_a_higher_version_reaches_the_client_that_saw_that(
    sessions: Sessions,
) -> None:
    rep = f"rep-{uuid.uuid4()}"
    async with sessions() as slow:  # its version is taken now, its commit comes later
        await InboxRepository(slow).add(_notice(rep, "先取号、后提交"))
        await _store(sessions, _notice(rep, "后取号、先提交"))
        [(_, seen)] = await _changes(sessions, rep, after=0)  # all the stream could show
        await slow.commit()
    [(_, late)] = [c for c in await _changes(sessions, rep, after=0) if c[1] != seen]
    assert late < seen  # the hole: by version alone, a client that saw `seen` never gets it
    assert await _changes(sessions, rep, after=seen) == []

    replayed = await _changes(sessions, rep, after=seen, late=LAG)
    # Oldest change first; the one already seen comes again under the same version
    assert replayed == [("先取号、后提交", late), ("后取号、先提交", seen)]


async def test_changes_taken_longer_than_the_lag_before_the_last_one_seen_are_not_resent(
    sessions: Sessions,
) -> None:
    rep = f"rep-{uuid.uuid4()}"
    for title in ("昨天的通知 1", "昨天的通知 2"):
        await _store(sessions, _notice(rep, title))
    async with sessions() as session, session.begin():  # stored (taken) yesterday
        await session.execute(sa.update(inbox_items).where(inbox_items.c.user_id == rep)
                              .values(version_at=inbox_items.c.version_at - timedelta(days=1)))
    for title in ("刚才的通知", "最后看到的通知"):
        await _store(sessions, _notice(rep, title))
    *_, (_, seen) = await _changes(sessions, rep, after=0)
    newer = _notice(rep, "离开后的通知")
    await _store(sessions, newer)

    replayed = [title for title, _ in await _changes(sessions, rep, after=seen, late=LAG)]
    assert replayed == ["刚才的通知", "最后看到的通知", "离开后的通知"]


async def test_a_summary_seen_last_and_rewritten_since_still_anchors_the_margin(
    sessions: Sessions,
) -> None:
    """The version the client saw last no longer exists once its item was rewritten in
    place: the margin counts from the rep's change before it, which only widens it."""
    rep = f"rep-{uuid.uuid4()}"
    await _store(sessions, _notice(rep, "此前的通知"))
    summary = _notice(rep, "导入完成：新线索 1 条")
    await _store(sessions, summary)
    *_, (_, seen) = await _changes(sessions, rep, after=0)
    async with sessions() as session:
        await import_clock_repo.refresh(session, replace(summary, title="导入完成：新线索 3 条"))
        await session.commit()

    replayed = [title for title, _ in await _changes(sessions, rep, after=seen, late=LAG)]
    assert replayed == ["此前的通知", "导入完成：新线索 3 条"]
