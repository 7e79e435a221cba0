"""The parts of an order shown on its page: log, escalations, attachments."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from workorders.adapters.orm import attachments, entries, escalations


@dataclass(frozen=True)
class AttachmentRow:
    id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str
    by_user_id: str
    at: datetime


async def log_of(session: AsyncSession, order_id: str) -> list[Any]:
    return list(await session.execute(select(entries).where(
        entries.c.work_order_id == uuid.UUID(order_id)).order_by(entries.c.at, entries.c.id)))


async def escalations_of(session: AsyncSession, order_id: str) -> list[Any]:
    return list(await session.execute(select(escalations).where(
        escalations.c.work_order_id == uuid.UUID(order_id))
        .order_by(escalations.c.at, escalations.c.level)))


def _attachment(row: Any) -> AttachmentRow:
    return AttachmentRow(str(row.id), row.filename, row.content_type, row.size, row.sha256,
                         row.storage_key, row.by_user_id, row.at)


async def attachments_of(session: AsyncSession, order_id: str) -> list[AttachmentRow]:
    rows = await session.execute(select(attachments).where(
        attachments.c.work_order_id == uuid.UUID(order_id)).order_by(attachments.c.at))
    return [_attachment(r) for r in rows]


async def attachment(session: AsyncSession, order_id: str,
                     attachment_id: str) -> AttachmentRow | None:
    try:
        aid = uuid.UUID(attachment_id)
    except ValueError:
        return None
    row = (await session.execute(select(attachments).where(
        attachments.c.id == aid,
        attachments.c.work_order_id == uuid.UUID(order_id)))).first()
    return _attachment(row) if row else None


async def add_attachment(session: AsyncSession, order_id: str, row: AttachmentRow) -> None:
    await session.execute(insert(attachments).values(
        id=uuid.UUID(row.id), work_order_id=uuid.UUID(order_id), filename=row.filename,
        content_type=row.content_type, size=row.size, sha256=row.sha256,
        storage_key=row.storage_key, by_user_id=row.by_user_id, at=row.at))


async def same_file(session: AsyncSession, order_id: str, *, sha256: str, filename: str,
                    by_user_id: str) -> AttachmentRow | None:
    """The same file already attached to this order by the same person (a retried upload)."""
    row = (await session.execute(select(attachments).where(
        attachments.c.work_order_id == uuid.UUID(order_id), attachments.c.sha256 == sha256,
        attachments.c.filename == filename, attachments.c.by_user_id == by_user_id))).first()
    return _attachment(row) if row else None
