"""Intake sources and their API keys, as an integration admin manages them: one short
function per use case, each committing once (no partial writes).

A source is known everywhere as soon as it is committed: OrgDirectory.ListIntakeSources
reads this table (the leads service's rules accept its name within its 5 s directory
cache), exports look its display name up here, and its first key works at once (unknown
keys are never cached). Deactivating it, or revoking a key, takes effect within
SALESOS_INTAKE_KEY_CACHE_SECONDS (5 s) on every replica: that is how long a found key is
remembered (intake_keys.py). Keys: intake_key_admin.py; ad secrets: intake_secrets.py.
Every change is logged (who, which source) for the audit trail; never a key or secret.
"""

from __future__ import annotations

import logging
import uuid

from servicekit.auth import Principal
from servicekit.idempotency import fingerprint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters import intake_sources_repo as repo
from gateway.adapters.orm import ApiKey, IntakeSource
from gateway.create_once import same_request
from gateway.intake_admin_schemas import (
    AD_PREFIX,
    KeyRead,
    SourceCreate,
    SourceRead,
    SourceUpdate,
    category_by_name,
    kind_of,
)
from gateway.problems import Problem

log = logging.getLogger(__name__)


def source_read(source: IntakeSource, live_keys: int) -> SourceRead:
    kind = kind_of(source.name)
    return SourceRead(
        id=source.id, name=source.name, display_name=source.display_name, kind=kind,
        category=source.category or category_by_name(source.name),
        webhook_path=(f"/api/v1/intake/ads/{source.name.removeprefix(AD_PREFIX)}"
                      if kind == "ad_platform" else None),
        active=source.active, rate_limit_per_minute=source.rate_limit_per_minute,
        live_keys=live_keys, signing_secret_set=bool(source.signing_secret),
        previous_secret_valid_until=source.previous_secret_valid_until,
        created_at=source.created_at)


def key_read(key: ApiKey) -> KeyRead:
    return KeyRead(id=key.id, label=key.label, hint=key.key_hint, created_at=key.created_at,
                   revoked_at=key.revoked_at)


def _name_taken(name: str) -> Problem:
    return Problem(409, "conflict", detail=f"来源标识 {name} 已存在", field="name")


async def create_source(session: AsyncSession, *, by: Principal, body: SourceCreate,
                        idempotency_key: str | None) -> SourceRead:
    asked = fingerprint(body.name, body.display_name, body.rate_limit_per_minute,
                        *([body.category] if body.category else []))
    if idempotency_key:
        first = await repo.source_by_idempotency(session, created_by=by.user_id,
                                                 key=idempotency_key)
        if first is not None:
            same_request(first.request_hash, asked)
            return source_read(first, await repo.live_key_count(session, source_id=first.id))
    if await repo.source_named(session, name=body.name) is not None:
        raise _name_taken(body.name)
    source = IntakeSource(name=body.name, display_name=body.display_name, active=True,
                          category=body.category or "",
                          rate_limit_per_minute=body.rate_limit_per_minute,
                          created_by=by.user_id, idempotency_key=idempotency_key,
                          request_hash=asked)
    session.add(source)
    try:
        await session.commit()
    except IntegrityError as error:  # the same name, or this key's first request, just won
        await session.rollback()
        if idempotency_key:
            return await create_source(session, by=by, body=body,
                                       idempotency_key=idempotency_key)
        raise _name_taken(body.name) from error
    await session.refresh(source)
    log.info("intake source %s created by %s", source.name, by.username)
    return source_read(source, 0)


async def load_source(session: AsyncSession, source_id: uuid.UUID, *,
                  for_update: bool = False) -> IntakeSource:
    source = await repo.get_source(session, source_id=source_id, for_update=for_update)
    if source is None:
        raise Problem(404, "not_found", detail="接入来源不存在", field="source_id")
    return source


async def update_source(session: AsyncSession, *, by: Principal, source_id: uuid.UUID,
                        body: SourceUpdate) -> SourceRead:
    source = await load_source(session, source_id, for_update=True)
    changes = body.model_dump(include=body.model_fields_set)
    for field, value in changes.items():
        setattr(source, field, value)
    await session.commit()
    log.info("intake source %s changed by %s: %s", source.name, by.username, changes)
    await session.refresh(source)
    return source_read(source, await repo.live_key_count(session, source_id=source.id))
