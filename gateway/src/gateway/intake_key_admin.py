"""API keys of intake sources: issued once, revoked idempotently.

A key is `sk_live_` + 32 random bytes (`secrets`), stored as SHA-256 with its last 4
characters as a hint; the key itself is in the issuing answer only. A retry of the issue
with the same Idempotency-Key answers the same key without it (it was never stored): the
caller who lost the first answer revokes that key and issues another. Keeping the
plaintext, even sealed, for such a retry would make a dump of this table a way in.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from datetime import UTC, datetime

from servicekit.auth import Principal
from servicekit.idempotency import fingerprint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters import intake_sources_repo as repo
from gateway.adapters.orm import ApiKey
from gateway.create_once import same_request
from gateway.intake_admin import key_read, load_source
from gateway.intake_admin_schemas import KeyIssued, kind_of
from gateway.problems import Problem

KEY_PREFIX = "sk_live_"
log = logging.getLogger(__name__)


async def issue_key(session: AsyncSession, *, by: Principal, source_id: uuid.UUID,
                    label: str, idempotency_key: str | None) -> KeyIssued:
    asked = fingerprint(source_id, label)
    if idempotency_key:
        first = await repo.key_by_idempotency(session, created_by=by.user_id,
                                              key=idempotency_key)
        if first is not None:
            same_request(first.request_hash, asked)
            return KeyIssued(**key_read(first).model_dump(), api_key=None)
    source = await load_source(session, source_id)
    if kind_of(source.name) == "ad_platform":
        raise Problem(409, "conflict", field="source_id", detail=(
            "广告平台来源以签名密钥验证（POST …/signing-secret），不使用 API Key"))
    plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(source_id=source.id, label=label, key_hint=plaintext[-4:],
                 key_sha256=hashlib.sha256(plaintext.encode()).hexdigest(),
                 created_by=by.user_id, idempotency_key=idempotency_key, request_hash=asked)
    session.add(key)
    try:
        await session.commit()
    except IntegrityError:  # this key's first request committed a moment ago
        await session.rollback()
        if not idempotency_key:
            raise
        return await issue_key(session, by=by, source_id=source_id, label=label,
                               idempotency_key=idempotency_key)
    await session.refresh(key)
    log.info("intake key %s (%s) issued for %s by %s", key.id, label, source.name, by.username)
    return KeyIssued(**key_read(key).model_dump(), api_key=plaintext)


async def revoke_key(session: AsyncSession, *, by: Principal, source_id: uuid.UUID,
                     key_id: uuid.UUID) -> None:
    """Revoking a revoked key is done already: no error, and its first time is kept."""
    key = await repo.get_key(session, source_id=source_id, key_id=key_id)
    if key is None:
        raise Problem(404, "not_found", detail="API Key 不存在", field="key_id")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        await session.commit()
        log.info("intake key %s (%s) revoked by %s", key.id, key.label, by.username)
