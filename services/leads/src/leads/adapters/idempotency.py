"""Replies to idempotent writes, stored in the write's own transaction.

`claim` inserts the key first: a concurrent call with the same key waits on the primary
key until the first commits, then finds its reply. A call that rolls back leaves no key.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.assignment_orm import idempotent_replies as replies


async def claim(session: AsyncSession, *, key: str) -> bytes | None:
    """None when this call is the first with the key; else the first call's reply."""
    inserted = await session.execute(insert(replies).values(key=key).on_conflict_do_nothing()
                                     .returning(replies.c.key))
    if inserted.first() is not None:
        return None
    found = await session.execute(select(replies.c.reply).where(replies.c.key == key))
    return found.scalar_one() or b""


async def remember(session: AsyncSession, *, key: str, reply: bytes) -> None:
    await session.execute(update(replies).where(replies.c.key == key).values(reply=reply))
