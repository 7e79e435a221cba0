"""Loading and storing inbox items."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from servicekit.bulk import arrays, unnest_insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import inbox_items
from notifications.domain.model import InboxItem

_COLUMNS = ("id", "user_id", "kind", "title", "body", "link", "event_id", "created_at",
            "about")
# One statement text for 1 item or a whole batch's (prepared once per connection).
_ADD = unnest_insert(inbox_items, _COLUMNS,
                     on_conflict="ON CONFLICT ON CONSTRAINT uq_inbox_items_event_user DO NOTHING",
                     returning=("id", "version"))
# What an item shows: `version_at` serves the replay's margin only (replay_floor).
_SHOWN = [column for column in inbox_items.c if column.name != "version_at"]
_READ, _WITHDRAWN = inbox_items.c.read_at, inbox_items.c.withdrawn_at
# The inbox's states (model.INBOX_STATES).
STATES = {"open": sa.and_(_READ.is_(None), _WITHDRAWN.is_(None)),
          "read": sa.and_(_READ.is_not(None), _WITHDRAWN.is_(None)),
          "withdrawn": _WITHDRAWN.is_not(None)}


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, item: InboxItem) -> bool:
        """Store `item`; False when this event already gave this user an item."""
        return bool(await self.add_many([item]))

    async def add_many(self, items: Sequence[InboxItem]) -> dict[str, int]:
        """Stores the items in one statement; the ids of those stored with the version
        each took, leaving out any whose event already gave that person an item."""
        if not items:
            return {}
        result = await self.session.execute(_ADD, arrays(map(_row, items), _COLUMNS))
        return {str(found.id): found.version for found in result}

    async def list_for_user(
        self, *, user_id: str, after: tuple[datetime, str] | None, limit: int,
        state: str = "",
    ) -> list[InboxItem]:
        """`user_id`'s items newest first, starting below the `after` (created_at, id) key;
        only those in `state` (STATES) when given."""
        query = sa.select(*_SHOWN).where(inbox_items.c.user_id == user_id)
        if state:
            query = query.where(STATES[state])
        if after is not None:
            created_at, item_id = after
            query = query.where(
                sa.tuple_(inbox_items.c.created_at, inbox_items.c.id)
                < sa.tuple_(sa.literal(created_at, sa.DateTime(timezone=True)),
                            sa.literal(item_id, sa.Uuid(as_uuid=False)))
            )
        query = query.order_by(inbox_items.c.created_at.desc(), inbox_items.c.id.desc())
        rows = (await self.session.execute(query.limit(limit))).mappings().all()
        return _items(rows)

    async def changed_for_user(self, *, user_id: str, after: int, limit: int
                               ) -> list[InboxItem]:
        """`user_id`'s items created or rewritten after version `after`, oldest change
        first (what a stream that saw `after` last has missed, in the order it happened)."""
        query = (sa.select(*_SHOWN)
                 .where(inbox_items.c.user_id == user_id, inbox_items.c.version > after)
                 .order_by(inbox_items.c.version).limit(limit))
        return _items((await self.session.execute(query)).mappings().all())

    async def replay_floor(self, *, user_id: str, seen: int, lag: timedelta) -> int:
        """The version to replay `user_id`'s changes after, for a client whose last one was
        `seen`: below the versions taken within `lag` before `seen` was. One of those may
        have committed after `seen` did, so the client may lack it. Both lookups walk the
        (user, version) index down from `seen`, through the lag's few items."""
        mine = inbox_items.c.user_id == user_id
        below = inbox_items.c.version <= seen
        newest = inbox_items.c.version.desc()
        # When `seen` was taken: at the latest its item, unless rewritten since (then the
        # item before it, earlier, which widens the margin rather than narrowing it).
        seen_at = (sa.select(inbox_items.c.version_at).where(mine, below)
                   .order_by(newest).limit(1).scalar_subquery())
        # Versions rise with the clock: the newest taken before the margin bounds it.
        floor = (sa.select(inbox_items.c.version)
                 .where(mine, below, inbox_items.c.version_at
                        < seen_at - sa.literal(lag, sa.Interval))
                 .order_by(newest).limit(1))
        return int((await self.session.execute(floor)).scalar() or 0)


def _row(item: InboxItem) -> dict[str, object]:
    return {
        "id": item.id, "user_id": item.user_id, "kind": item.kind, "title": item.title,
        "body": item.body, "link": item.link, "event_id": item.event_id,
        "created_at": item.created_at, "read_at": item.read_at, "about": item.about,
    }


def _items(rows: Sequence[sa.RowMapping]) -> list[InboxItem]:
    return [InboxItem(**dict(row)) for row in rows]


class InboxReads:
    """Unread counts and mark-read, always within one person's own items."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count_unread(self, *, user_id: str) -> int:
        query = sa.select(sa.func.count()).select_from(inbox_items).where(
            inbox_items.c.user_id == user_id, STATES["open"])
        return int((await self.session.execute(query)).scalar_one())

    async def mark_read(self, *, user_id: str, item_id: str, now: datetime) -> InboxItem | None:
        """The item, read (first read time kept); None when it is not this user's."""
        await self.session.execute(
            sa.update(inbox_items).where(inbox_items.c.id == item_id,
                                         inbox_items.c.user_id == user_id,
                                         inbox_items.c.read_at.is_(None)).values(read_at=now))
        row = (await self.session.execute(sa.select(*_SHOWN).where(
            inbox_items.c.id == item_id, inbox_items.c.user_id == user_id))).mappings().first()
        return InboxItem(**dict(row)) if row else None

    async def mark_all_read(self, *, user_id: str, now: datetime) -> int:
        result = await self.session.execute(
            sa.update(inbox_items).where(inbox_items.c.user_id == user_id,
                                         inbox_items.c.read_at.is_(None)).values(read_at=now))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
