"""Ad platforms' signing secrets: rotation with a grace period.

Decision: a rotation keeps the previous secret verifying for `grace_hours` (24 by
default). A platform's webhook secret is changed by a person in the platform's console,
some time after ours is generated, and the platform keeps retrying leads signed with the
old one meanwhile: without a grace, every lead between our rotation and their change
would be refused (401) and, after the platform's retries, lost. With a leaked secret the
admin rotates with `grace_hours: 0` and the old one stops at once. Only one previous
secret is kept: rotating again during a grace ends the older secret's grace.

The new secret is `whsec_` + 32 random bytes (`secrets`), sealed at rest like the current
one (SealedText); it is shown in the rotation's answer, and again to a retry of the same
rotation (same Idempotency-Key) — it is stored sealed anyway, and a second rotation would
have silently ended the grace of the secret the platform still uses.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from servicekit.auth import Principal
from servicekit.idempotency import fingerprint
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import IntakeSource
from gateway.create_once import same_request
from gateway.intake_admin import load_source
from gateway.intake_admin_schemas import SecretIssued, kind_of
from gateway.problems import Problem

SECRET_PREFIX = "whsec_"
log = logging.getLogger(__name__)


def accepted_secrets(source: IntakeSource, now: datetime) -> list[str]:
    """The secrets a signature may be made with now: the current one, then the previous
    while its grace lasts."""
    found = [source.signing_secret] if source.signing_secret else []
    until = source.previous_secret_valid_until
    if source.previous_signing_secret and until is not None and now < until:
        found.append(source.previous_signing_secret)
    return found


async def rotate_secret(session: AsyncSession, *, by: Principal, source_id: uuid.UUID,
                        grace_hours: int, idempotency_key: str | None) -> SecretIssued:
    source = await load_source(session, source_id, for_update=True)
    asked = fingerprint(by.user_id, grace_hours)
    if idempotency_key and idempotency_key == source.secret_idempotency_key:
        same_request(source.secret_request_hash, asked)
        return _issued(source)
    if kind_of(source.name) != "ad_platform":
        raise Problem(409, "conflict", field="source_id", detail=(
            "只有广告平台来源（ads_<平台>）以签名验证；此来源请使用 API Key"))
    now = datetime.now(UTC)
    if source.signing_secret and grace_hours > 0:
        source.previous_signing_secret = source.signing_secret
        source.previous_secret_valid_until = now + timedelta(hours=grace_hours)
    else:  # nothing to keep, or a leak: the old secret stops with this commit
        source.previous_signing_secret = None
        source.previous_secret_valid_until = None
    source.signing_secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    source.secret_idempotency_key, source.secret_request_hash = idempotency_key, asked
    await session.commit()
    await session.refresh(source)
    log.info("signing secret of %s rotated by %s; the previous one verifies until %s",
             source.name, by.username, source.previous_secret_valid_until)
    return _issued(source)


def _issued(source: IntakeSource) -> SecretIssued:
    assert source.signing_secret is not None
    return SecretIssued(signing_secret=source.signing_secret,
                        previous_secret_valid_until=source.previous_secret_valid_until)
