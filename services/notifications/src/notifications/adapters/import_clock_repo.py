"""Import first-contact summaries: each owner's latest count per item and person, and the
item refreshed in place. Callers own the transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import VERSIONS, deliveries, import_clock_notices, inbox_items
from notifications.domain.delivery import HELD, PENDING
from notifications.domain.import_clock import ImportClockFacts, Share
from notifications.domain.model import InboxItem

T = import_clock_notices


async def record(session: AsyncSession, facts: ImportClockFacts,
                 people: Sequence[str]) -> list[str]:
    """Stores the owner's count for each person; the people for whom it is news (an
    older count arriving after a newer one, or the same again, is not)."""
    if not people:
        return []
    share = facts.share
    stmt = insert(T).values([{
        "event_key": facts.key, "user_id": person, "owner_id": share.owner_id,
        "owner_username": share.owner_username, "leads": share.leads,
        "first_due": share.first_due, "last_due": share.last_due, "as_of": facts.as_of}
        for person in sorted(people)])
    stmt = stmt.on_conflict_do_update(
        index_elements=[T.c.event_key, T.c.user_id, T.c.owner_id],
        set_={name: stmt.excluded[name] for name in
              ("owner_username", "leads", "first_due", "last_due", "as_of")},
        where=T.c.as_of < stmt.excluded.as_of)
    return list((await session.execute(stmt.returning(T.c.user_id))).scalars())


async def shares(session: AsyncSession, key: str, people: Sequence[str]
                 ) -> dict[str, list[Share]]:
    rows = await session.execute(sa.select(T).where(T.c.event_key == key,
                                                    T.c.user_id.in_(list(people))))
    found: dict[str, list[Share]] = defaultdict(list)
    for row in rows:
        found[row.user_id].append(Share(row.owner_id, row.owner_username, row.leads,
                                        row.first_due, row.last_due))
    return found


async def refresh(session: AsyncSession, item: InboxItem) -> InboxItem | None:
    """The person's stored item of this key with the new text, unread again (the count
    changed) under a new version, so a stream reconnecting after it replays it; its
    deliveries not sent yet say the new text too. None if there is none."""
    row = (await session.execute(
        sa.update(inbox_items)
        .where(inbox_items.c.event_id == item.event_id, inbox_items.c.user_id == item.user_id)
        .values(title=item.title, body=item.body, read_at=None,
                version=sa.func.nextval(VERSIONS), version_at=sa.func.clock_timestamp())
        .returning(inbox_items.c.id, inbox_items.c.created_at, inbox_items.c.version))
        ).first()
    if row is None:
        return None
    await session.execute(
        sa.update(deliveries)
        .where(deliveries.c.event_id == item.event_id, deliveries.c.recipient == item.user_id,
               deliveries.c.state.in_([PENDING, HELD]))
        .values(title=item.title, body=item.body, updated_at=sa.func.now()))
    return InboxItem(id=str(row.id), user_id=item.user_id, kind=item.kind, title=item.title,
                     body=item.body, link=item.link, event_id=item.event_id,
                     created_at=row.created_at, version=row.version)
