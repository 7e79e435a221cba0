"""Unread counts and marking read: always the caller's own items."""

from __future__ import annotations

from servicekit.errors import NotFound
from servicekit.uow import UnitOfWork

from notifications.adapters.repository import InboxReads
from notifications.domain.model import InboxItem
from notifications.service_layer.deps import SOURCE, Deps


async def count_unread(deps: Deps, *, user_id: str) -> int:
    async with deps.sessions() as session:
        return await InboxReads(session).count_unread(user_id=user_id)


async def mark_read(deps: Deps, *, user_id: str, item_id: str) -> InboxItem:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        item = await InboxReads(uow.session).mark_read(user_id=user_id, item_id=item_id,
                                                       now=deps.clock())
        if item is None:  # someone else's reads as missing: existence never leaks
            raise NotFound("通知不存在")
        await uow.commit()
    return item


async def mark_all_read(deps: Deps, *, user_id: str) -> int:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        marked = await InboxReads(uow.session).mark_all_read(user_id=user_id, now=deps.clock())
        await uow.commit()
    return marked
