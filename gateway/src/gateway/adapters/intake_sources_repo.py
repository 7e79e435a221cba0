"""Intake sources and their API keys as the admin routes read and change them. Keyword-only
arguments, like repository.py: `await keys_of(session, source_id=...)`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import ApiKey, IntakeSource


@dataclass(frozen=True)
class SourceRow:
    source: IntakeSource
    live_keys: int


def _live_keys():  # type: ignore[no-untyped-def]
    return (select(ApiKey.source_id, func.count().label("live")).where(
        ApiKey.revoked_at.is_(None)).group_by(ApiKey.source_id).subquery())


async def list_sources(session: AsyncSession) -> list[SourceRow]:
    live = _live_keys()
    rows = await session.execute(
        select(IntakeSource, func.coalesce(live.c.live, 0))
        .outerjoin(live, live.c.source_id == IntakeSource.id).order_by(IntakeSource.name))
    return [SourceRow(source, int(count)) for source, count in rows]


async def live_key_count(session: AsyncSession, *, source_id: uuid.UUID) -> int:
    return int(await session.scalar(select(func.count()).select_from(ApiKey).where(
        ApiKey.source_id == source_id, ApiKey.revoked_at.is_(None))) or 0)


async def get_source(session: AsyncSession, *, source_id: uuid.UUID,
                     for_update: bool = False) -> IntakeSource | None:
    query = select(IntakeSource).where(IntakeSource.id == source_id)
    return await session.scalar(query.with_for_update() if for_update else query)


async def source_named(session: AsyncSession, *, name: str) -> IntakeSource | None:
    return await session.scalar(select(IntakeSource).where(IntakeSource.name == name))


async def source_by_idempotency(session: AsyncSession, *, created_by: str,
                                key: str) -> IntakeSource | None:
    return await session.scalar(select(IntakeSource).where(
        IntakeSource.created_by == created_by, IntakeSource.idempotency_key == key))


async def key_by_idempotency(session: AsyncSession, *, created_by: str,
                             key: str) -> ApiKey | None:
    return await session.scalar(select(ApiKey).where(
        ApiKey.created_by == created_by, ApiKey.idempotency_key == key))


async def keys_of(session: AsyncSession, *, source_id: uuid.UUID) -> list[ApiKey]:
    """Live keys first, newest first within each."""
    return list(await session.scalars(
        select(ApiKey).where(ApiKey.source_id == source_id)
        .order_by(ApiKey.revoked_at.is_not(None), ApiKey.created_at.desc(), ApiKey.id)))


async def get_key(session: AsyncSession, *, source_id: uuid.UUID,
                  key_id: uuid.UUID) -> ApiKey | None:
    return await session.scalar(select(ApiKey).where(ApiKey.id == key_id,
                                                     ApiKey.source_id == source_id))
