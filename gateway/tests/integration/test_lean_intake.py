"""The hot write routes (QR scan, ad webhooks, manual entry, web form) answer a plain
request on their lean path and anything else exactly as the FastAPI routes always did:
same statuses, same problem+json naming the field, nothing stored on a refusal."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
from gateway.settings import GatewaySettings
from gateway.signatures import sign

from .conftest import gateway_client, login
from .stub_services import Seen

SCAN = {"name": "李四", "company": "无锡液压", "phone": "13900139000", "province": "江苏",
        "event": "2026 工博会", "booth": "A12", "notes": "要样本"}
ENTRY = {"name": "王五", "company": "常州电机", "phone": "13700137000", "province": "江苏"}
FORM = {"name": "张三", "company": "苏州精密机械", "phone": "13800138000", "province": "江苏"}


async def test_a_trade_show_scan_becomes_a_lead_with_its_notes_as_the_message(
        gw: httpx.AsyncClient, seeded: dict[str, Any], services: tuple[str, Seen]) -> None:
    response = await gw.post("/api/v1/intake/qr-scan", json=SCAN,
                             headers={"X-Api-Key": seeded["qr_api_key"]})
    assert response.status_code == 202 and response.json()["lead_id"]
    assert response.headers["content-type"] == "application/json"
    request, caller = services[1].creates[-1]
    assert (request.channel, request.message, request.source) == ("qr_scan", "要样本", "trade_show")
    assert caller.role == "service"


async def test_a_scan_with_a_field_we_do_not_know_is_422_naming_it_and_stores_nothing(
        gw: httpx.AsyncClient, seeded: dict[str, Any], services: tuple[str, Seen]) -> None:
    response = await gw.post("/api/v1/intake/qr-scan", json={**SCAN, "fax": "1"},
                             headers={"X-Api-Key": seeded["qr_api_key"]})
    assert response.status_code == 422 and response.json()["field"] == "fax"
    assert services[1].creates == []


async def test_a_rep_enters_a_lead_and_a_retry_with_its_key_answers_as_the_first_did(
        gw: httpx.AsyncClient, services: tuple[str, Seen]) -> None:
    headers = {"Authorization": f"Bearer {await login(gw, 'rep01')}", "Idempotency-Key": "1"}
    first = await gw.post("/api/v1/leads", json=ENTRY, headers=headers)
    again = await gw.post("/api/v1/leads", json=ENTRY, headers=headers)
    assert (first.status_code, first.json()["created"]) == (201, True)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    request, caller = services[1].creates[-1]
    assert caller.username == "rep01" and request.idempotency_key.endswith(":1")


async def test_only_people_who_sell_may_enter_leads(
        gw: httpx.AsyncClient, services: tuple[str, Seen]) -> None:
    engineer = {"Authorization": f"Bearer {await login(gw, 'eng-lead')}"}
    refused = await gw.post("/api/v1/leads", json=ENTRY, headers=engineer)
    anonymous = await gw.post("/api/v1/leads", json=ENTRY)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthorized")
    assert services[1].creates == []


def _signed(secret: str, payload: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    body, timestamp = json.dumps(payload).encode(), str(int(time.time()))
    return body, {"X-Timestamp": timestamp, "X-Signature": sign(secret, timestamp, body),
                  "Content-Type": "application/json"}


async def test_a_signed_ad_lead_is_accepted_once_and_its_replay_refused(
        gw: httpx.AsyncClient, seeded: dict[str, Any], services: tuple[str, Seen]) -> None:
    body, headers = _signed(seeded["ads_secret"], {"external_id": "ad-1", **ENTRY})
    accepted = await gw.post("/api/v1/intake/ads/generic", content=body, headers=headers)
    replayed = await gw.post("/api/v1/intake/ads/generic", content=body, headers=headers)
    forged = await gw.post("/api/v1/intake/ads/generic", content=body + b" ", headers=headers)
    unknown = await gw.post("/api/v1/intake/ads/myspace", content=body, headers=headers)
    assert accepted.status_code == 202
    assert services[1].creates[-1][0].idempotency_key == "generic:ad-1"
    assert (replayed.status_code, replayed.json()["field"]) == (401, "X-Signature")
    assert (forged.status_code, forged.json()["field"]) == (401, "X-Signature")
    assert (unknown.status_code, unknown.json()["field"]) == (404, "platform")
    assert len(services[1].creates) == 1


async def test_a_bad_ad_lead_names_the_platforms_own_field_and_its_fix_is_no_replay(
        gw: httpx.AsyncClient, seeded: dict[str, Any], services: tuple[str, Seen]) -> None:
    """The leads service refuses the number as `phone`; the ByteDance integrator sent
    `telephone` and was told to fix a field their payload does not have."""
    lead = {"clue_id": "by-9", "name": "孙悦", "telephone": "12345", "company_name": "成都川机"}
    body, headers = _signed(seeded["ads_secret"], lead)
    refused = await gw.post("/api/v1/intake/ads/bytedance", content=body, headers=headers)
    assert (refused.status_code, refused.json()["field"]) == (422, "telephone")
    assert [e["field"] for e in refused.json()["errors"]] == ["telephone"]
    tencent = {"leads_id": "tx-9", "leads_name": "钱坤", "leads_tel": "12345"}
    body, headers = _signed(seeded["ads_secret"], tencent)
    refused = await gw.post("/api/v1/intake/ads/tencent", content=body, headers=headers)
    assert (refused.status_code, refused.json()["field"]) == (422, "leads_tel")
    # The platform retries the very request after a 422: a refusal, not a replay.
    again = await gw.post("/api/v1/intake/ads/tencent", content=body, headers=headers)
    assert (again.status_code, again.json()["field"]) == (422, "leads_tel")


async def test_an_ad_payload_that_does_not_fit_the_mapping_is_refused_again_on_retry(
        gw: httpx.AsyncClient, seeded: dict[str, Any], services: tuple[str, Seen]) -> None:
    """A payload without its clue id is 422 naming `clue_id`; the platform's retry of the
    very request is told the same, not that its signature was already used."""
    body, headers = _signed(seeded["ads_secret"], {"name": "孙悦", "telephone": "13912345678"})
    refused = await gw.post("/api/v1/intake/ads/bytedance", content=body, headers=headers)
    again = await gw.post("/api/v1/intake/ads/bytedance", content=body, headers=headers)
    assert (refused.status_code, refused.json()["field"]) == (422, "clue_id")
    assert (again.status_code, again.json()["field"]) == (422, "clue_id")
    assert services[1].creates == []


async def test_a_signed_ad_body_nested_too_deep_is_422_naming_the_body_not_a_500(
        gw: httpx.AsyncClient, seeded: dict[str, Any], services: tuple[str, Seen]) -> None:
    raw = b'{"clue_id": ' + b"[" * 30000 + b"]" * 30000 + b"}"  # 60 KB, under the limit
    timestamp = str(int(time.time()))
    refused = await gw.post("/api/v1/intake/ads/bytedance", content=raw, headers={
        "X-Timestamp": timestamp, "X-Signature": sign(seeded["ads_secret"], timestamp, raw),
        "Content-Type": "application/json"})
    assert (refused.status_code, refused.json()["field"]) == (422, "body")
    assert services[1].creates == []


async def test_a_source_over_its_limit_gets_429_with_retry_after(
        settings: GatewaySettings, gateway_sessions: Any, key: dict[str, str],
        services: tuple[str, Seen]) -> None:
    limited = settings.model_copy(update={"intake_rate_per_minute": 2})
    client, clients = await gateway_client(limited, gateway_sessions, services[0])
    async with client:
        answers = [await client.post("/api/v1/intake/web-form", json=FORM, headers=key)
                   for _ in range(3)]
    await clients.close()
    assert [a.status_code for a in answers] == [202, 202, 429]
    assert answers[2].headers["content-type"] == "application/problem+json"
    assert answers[2].json()["code"] == "rate_limited"
    assert answers[2].json()["instance"] == "/api/v1/intake/web-form"
    assert int(answers[2].headers["retry-after"]) >= 1
    assert len(services[1].creates) == 2


async def test_a_web_form_sent_in_chunks_is_accepted(
        gw: httpx.AsyncClient, key: dict[str, str]) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        raw = json.dumps(FORM).encode()
        yield raw[:10]
        yield raw[10:]

    response = await gw.post("/api/v1/intake/web-form", content=chunks(),
                             headers={**key, "Content-Type": "application/json"})
    assert response.status_code == 202 and response.json()["lead_id"]


async def test_a_web_form_that_is_not_json_is_422_and_stores_nothing(
        gw: httpx.AsyncClient, key: dict[str, str], services: tuple[str, Seen]) -> None:
    response = await gw.post("/api/v1/intake/web-form", content=json.dumps(FORM),
                             headers={**key, "Content-Type": "text/plain"})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert services[1].creates == []
