"""Replies to idempotent writes, stored in the write's own transaction.

`claim` inserts the key first: a concurrent call with the same key waits on the primary
key until the first commits, then finds its reply. A call that rolls back leaves no key.
The key's first request is remembered as its fingerprint (servicekit.idempotency): the
key reused for another request (another lead, another owner, another rule) is refused
naming `Idempotency-Key` rather than answered with the first request's reply.
"""

from __future__ import annotations

from servicekit.idempotency import check_same_request
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.assignment_orm import idempotent_replies as replies


async def claim(session: AsyncSession, *, key: str, request: str) -> bytes | None:
    """None when this call is the first with the key; else the first call's reply.
    `request`: servicekit.idempotency.fingerprint of what this call asks for; another
    request under the key raises KeyReused (422 naming `Idempotency-Key`)."""
    inserted = await session.execute(
        insert(replies).values(key=key, request_hash=request).on_conflict_do_nothing()
        .returning(replies.c.key))
    if inserted.first() is not None:
        return None
    found = (await session.execute(select(replies.c.reply, replies.c.request_hash)
                                   .where(replies.c.key == key))).one()
    check_same_request(stored=found.request_hash, arriving=request)
    return found.reply or b""


async def remember(session: AsyncSession, *, key: str, reply: bytes) -> None:
    await session.execute(update(replies).where(replies.c.key == key).values(reply=reply))
