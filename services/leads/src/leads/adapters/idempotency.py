"""Replies to idempotent writes, stored in the write's own transaction.

`claim` inserts the key first: a concurrent call with the same key waits on the primary
key until the first commits, then finds its reply. A call that rolls back leaves no key.
The key's first request is remembered as a digest: the key reused for another request
(another lead, another owner, another rule) raises `KeyReused` rather than answering
with the first request's reply.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.assignment_orm import idempotent_replies as replies


class KeyReused(Exception):
    """The key's first call asked for something else."""


def digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


async def claim(session: AsyncSession, *, key: str, request: str) -> bytes | None:
    """None when this call is the first with the key; else the first call's reply.
    `request`: `digest(...)` of what this call asks for."""
    inserted = await session.execute(
        insert(replies).values(key=key, request_hash=request).on_conflict_do_nothing()
        .returning(replies.c.key))
    if inserted.first() is not None:
        return None
    found = (await session.execute(select(replies.c.reply, replies.c.request_hash)
                                   .where(replies.c.key == key))).one()
    if found.request_hash is not None and found.request_hash != request:
        raise KeyReused(key)
    return found.reply or b""


async def remember(session: AsyncSession, *, key: str, reply: bytes) -> None:
    await session.execute(update(replies).where(replies.c.key == key).values(reply=reply))
