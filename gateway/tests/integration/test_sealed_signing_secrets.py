"""The ad sources' HMAC secrets are sealed in `intake_sources`: a dump or a replica does not
let anyone sign leads as an ad platform, yet a platform's signed webhook is accepted as
before, a secret stored before sealing keeps working, and a wrong key fails loudly."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from gateway.adapters.orm import IntakeSource
from gateway.seed import seed_demo_company
from gateway.signatures import sign
from servicekit.sealed_columns import check_opens
from servicekit.sealing import PREFIX, SealingError, new_key
from servicekit.sealing_migration import seal_plain_text
from sqlalchemy import text

from .stub_services import Seen

pytestmark = pytest.mark.integration
LEAD = {"name": "王五", "company": "常州电机", "phone": "13700137000", "province": "江苏"}


def _ad(secret: str, external_id: str) -> tuple[bytes, dict[str, str]]:
    body, timestamp = json.dumps({"external_id": external_id, **LEAD}).encode(), str(int(
        time.time()))
    return body, {"X-Timestamp": timestamp, "X-Signature": sign(secret, timestamp, body),
                  "Content-Type": "application/json"}


async def _stored(sessions: Any, name: str = "ads_generic") -> str:
    """What a database dump shows: the column's text, bypassing its type."""
    async with sessions() as session:
        return str(await session.scalar(text(
            "SELECT signing_secret FROM intake_sources WHERE name = :n"), {"n": name}))


async def test_the_stored_secret_is_sealed_and_a_signed_ad_lead_is_accepted(
        gw: httpx.AsyncClient, seeded: dict[str, Any], gateway_sessions: Any,
        services: tuple[str, Seen]) -> None:
    stored = await _stored(gateway_sessions)
    assert stored.startswith(PREFIX) and seeded["ads_secret"] not in stored
    body, headers = _ad(seeded["ads_secret"], "sealed-1")
    accepted = await gw.post("/api/v1/intake/ads/generic", content=body, headers=headers)
    assert accepted.status_code == 202
    assert services[1].creates[-1][0].idempotency_key == "generic:sealed-1"
    forged_body, forged = _ad(stored, "sealed-2")  # the dump's text is no signing key
    refused = await gw.post("/api/v1/intake/ads/generic", content=forged_body, headers=forged)
    assert (refused.status_code, refused.json()["field"]) == (401, "X-Signature")


async def test_a_secret_stored_before_sealing_still_verifies_and_gets_sealed(
        gw: httpx.AsyncClient, gateway_sessions: Any) -> None:
    async with gateway_sessions() as session:  # as the release before sealing wrote it
        await session.execute(text("UPDATE intake_sources SET signing_secret = 'whsec_plain'"
                                   " WHERE name = 'ads_generic'"))
        await session.commit()
    body, headers = _ad("whsec_plain", "legacy-1")
    assert (await gw.post("/api/v1/intake/ads/generic", content=body, headers=headers)
            ).status_code == 202
    async with gateway_sessions() as session:  # the migration's step
        sealed = await (await session.connection()).run_sync(
            lambda bind: seal_plain_text(bind, "intake_sources", key="id",
                                         columns=("signing_secret",)))
        await session.commit()
    assert sealed == 1 and (await _stored(gateway_sessions)).startswith(PREFIX)
    body, headers = _ad("whsec_plain", "legacy-2")
    assert (await gw.post("/api/v1/intake/ads/generic", content=body, headers=headers)
            ).status_code == 202


async def test_a_reseed_seals_a_secret_given_anew(gateway_sessions: Any, seeded: Any) -> None:
    await seed_demo_company(gateway_sessions, demo=True, intake_key=None,
                            ads_secret="whsec_rotated")
    stored = await _stored(gateway_sessions, "ads_tencent")
    assert stored.startswith(PREFIX) and "whsec_rotated" not in stored


async def test_a_wrong_key_fails_loudly_instead_of_reading_as_an_unknown_platform(
        gw: httpx.AsyncClient, seeded: dict[str, Any], gateway_sessions: Any,
        sealing_keys) -> None:
    sealing_keys(new_key())
    with pytest.raises(SealingError, match=r"intake_sources\.signing_secret"):
        await check_opens(gateway_sessions, [IntakeSource.signing_secret])
    body, headers = _ad(seeded["ads_secret"], "wrong-key")
    answer = await gw.post("/api/v1/intake/ads/generic", content=body, headers=headers)
    # A server error (logged with the column), not 404 "unknown platform" nor 401.
    assert (answer.status_code, answer.json()["code"]) == (500, "internal_error")
