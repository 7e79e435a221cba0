"""An integration admin brings a new trade show online, hands its key to the marketing
agency, revokes a leaked key, and rotates an ad platform's secret — through the gateway
on the real database (lead creation answered by the stub leads service)."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import time
from typing import Any

import httpx
import pytest
from gateway.adapters.orm import ApiKey
from gateway.orgdirectory import OrgDirectoryServicer
from gateway.settings import GatewaySettings, get_settings
from gateway.signatures import sign
from openpyxl import load_workbook
from salesos.org.v1 import org_pb2
from sqlalchemy import select, text

from .conftest import login
from .stub_services import Seen

pytestmark = pytest.mark.integration
SOURCES = "/api/v1/admin/intake-sources"
EXPO = {"name": "expo_2027_shanghai", "display_name": "2027 上海工博会"}
FORM = {"name": "张三", "company": "苏州精密机械", "phone": "13800138000", "province": "江苏省"}
CACHE_SECONDS = 0.3


@pytest.fixture
def settings(infra: Any) -> GatewaySettings:
    # A short key cache so "within the TTL" is a fraction of a second here.
    return get_settings().model_copy(update={"grpc_timeout_seconds": 1.0,
                                             "intake_rate_sync_seconds": 3600.0,
                                             "intake_key_cache_seconds": CACHE_SECONDS})


async def _as(gw: httpx.AsyncClient, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {await login(gw, username)}"}


async def _source(gw: httpx.AsyncClient, admin: dict[str, str], body: dict[str, Any] = EXPO,
                  ) -> dict[str, Any]:
    created = await gw.post(SOURCES, json=body, headers=admin)
    assert created.status_code == 201, created.text
    return dict(created.json())


async def test_a_new_trade_show_key_brings_leads_carrying_the_source_until_revoked(
        gw: httpx.AsyncClient, services: tuple[str, Seen], gateway_sessions: Any) -> None:
    admin = await _as(gw, "admin")
    source = await _source(gw, admin)
    assert (source["kind"], source["active"], source["live_keys"]) == ("api_key", True, 0)
    issued = await gw.post(f"{SOURCES}/{source['id']}/keys", json={"label": "市场部代理商"},
                           headers=admin)
    assert issued.status_code == 201, issued.text
    key = issued.json()["api_key"]
    assert key.startswith("sk_live_") and issued.json()["hint"] == key[-4:]

    accepted = await gw.post("/api/v1/intake/web-form", json=FORM, headers={"X-Api-Key": key})
    assert accepted.status_code == 202, accepted.text
    assert services[1].creates[-1][0].source == "expo_2027_shanghai"

    async with gateway_sessions() as session:  # only the hash is kept
        stored = await session.scalar(select(ApiKey).where(ApiKey.id == issued.json()["id"]))
    assert stored.key_sha256 == hashlib.sha256(key.encode()).hexdigest()
    keys = await gw.get(f"{SOURCES}/{source['id']}/keys", headers=admin)
    listed = await gw.get(SOURCES, headers=admin)
    assert key not in keys.text + listed.text
    assert [k["hint"] for k in keys.json()["items"]] == [key[-4:]]
    assert keys.json()["items"][0]["created_at"].endswith("+08:00")  # like every answer
    assert source["created_at"].endswith("+08:00")
    assert next(s for s in listed.json()["items"] if s["id"] == source["id"])["live_keys"] == 1

    revoked = await gw.delete(f"{SOURCES}/{source['id']}/keys/{stored.id}", headers=admin)
    assert revoked.status_code == 204
    again = await gw.delete(f"{SOURCES}/{source['id']}/keys/{stored.id}", headers=admin)
    assert again.status_code == 204  # revoking twice is not an error
    await asyncio.sleep(CACHE_SECONDS + 0.1)
    refused = await gw.post("/api/v1/intake/web-form", json=FORM, headers={"X-Api-Key": key})
    assert (refused.status_code, refused.json()["field"]) == (401, "X-Api-Key")
    keys = await gw.get(f"{SOURCES}/{source['id']}/keys", headers=admin)
    assert keys.json()["items"][0]["revoked_at"] is not None


async def test_a_deactivated_source_stops_its_keys_within_the_cache_time(
        gw: httpx.AsyncClient, services: tuple[str, Seen]) -> None:
    admin = await _as(gw, "admin")
    source = await _source(gw, admin)
    key = (await gw.post(f"{SOURCES}/{source['id']}/keys", json={"label": "展位"},
                         headers=admin)).json()["api_key"]
    assert (await gw.post("/api/v1/intake/web-form", json=FORM,
                          headers={"X-Api-Key": key})).status_code == 202
    changed = await gw.patch(f"{SOURCES}/{source['id']}", headers=admin,
                             json={"active": False, "rate_limit_per_minute": 60})
    assert (changed.json()["active"], changed.json()["rate_limit_per_minute"]) == (False, 60)
    await asyncio.sleep(CACHE_SECONDS + 0.1)
    refused = await gw.post("/api/v1/intake/web-form", json=FORM, headers={"X-Api-Key": key})
    assert refused.status_code == 401
    back = await gw.patch(f"{SOURCES}/{source['id']}", headers=admin,
                          json={"active": True, "rate_limit_per_minute": None})
    assert (back.json()["active"], back.json()["rate_limit_per_minute"]) == (True, None)


@pytest.mark.parametrize(("body", "field"), [
    ({"name": "Expo 2027", "display_name": "展会"}, "name"),
    ({"name": "manual", "display_name": "手工"}, "name"),
    ({"name": "ads_weibo", "display_name": "微博"}, "name"),
    ({"name": "expo_x", "display_name": "  "}, "display_name"),
    ({"name": "expo_x", "display_name": "展会", "rate_limit_per_minute": 0},
     "rate_limit_per_minute"),
    ({"name": "expo_x", "display_name": "展会\x07"}, "display_name"),
    ({"name": "expo_x", "display_name": "展会", "rate_limit_per_minute": True},
     "rate_limit_per_minute"),
    ({"name": "expo_x", "display_name": "展会", "rate_limit_per_minute": "600"},
     "rate_limit_per_minute"),
], ids=["not a source name", "reserved", "unknown ad platform", "blank name", "zero rate",
        "control character", "true as a rate", "a rate as text"])
async def test_a_bad_source_is_refused_naming_the_field_and_nothing_is_stored(
        gw: httpx.AsyncClient, body: dict[str, Any], field: str) -> None:
    admin = await _as(gw, "admin")
    refused = await gw.post(SOURCES, json=body, headers=admin)
    assert (refused.status_code, refused.json()["field"]) == (422, field)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.json()["errors"][0]["message"])
    listed = await gw.get(SOURCES, headers=admin)
    assert body["name"] not in {s["name"] for s in listed.json()["items"]}


async def test_a_taken_name_is_a_conflict_and_a_retried_create_answers_the_first(
        gw: httpx.AsyncClient) -> None:
    admin = await _as(gw, "admin")
    retry = {**admin, "Idempotency-Key": "expo-1"}
    first = await _source(gw, retry)
    assert (await gw.post(SOURCES, json=EXPO, headers=retry)).json()["id"] == first["id"]
    other = await gw.post(SOURCES, json={**EXPO, "display_name": "别的"}, headers=retry)
    assert (other.status_code, other.json()["field"]) == (422, "Idempotency-Key")
    taken = await gw.post(SOURCES, json=EXPO, headers=admin)
    assert (taken.status_code, taken.json()["field"]) == (409, "name")
    key_retry = {**admin, "Idempotency-Key": "key-1"}
    path = f"{SOURCES}/{first['id']}/keys"
    issued = await gw.post(path, json={"label": "代理商"}, headers=key_retry)
    replayed = await gw.post(path, json={"label": "代理商"}, headers=key_retry)
    assert replayed.json()["id"] == issued.json()["id"] and replayed.json()["api_key"] is None
    assert len((await gw.get(path, headers=admin)).json()["items"]) == 1


async def test_directors_read_and_only_admins_change_sources(gw: httpx.AsyncClient) -> None:
    director, rep = await _as(gw, "director"), await _as(gw, "rep01")
    assert (await gw.get(SOURCES, headers=director)).status_code == 200
    assert (await gw.get(f"{SOURCES}/export.xlsx", headers=director)).status_code == 200
    for who in (director, rep):
        refused = await gw.post(SOURCES, json=EXPO, headers=who)
        assert refused.status_code == 403 and refused.json()["detail"].startswith("只有")
    assert (await gw.get(SOURCES, headers=rep)).status_code == 403


async def _ad(gw: httpx.AsyncClient, secret: str, external_id: str) -> httpx.Response:
    body = json.dumps({"external_id": external_id, **FORM}).encode()
    stamp = str(int(time.time()))
    return await gw.post("/api/v1/intake/ads/generic", content=body, headers={
        "X-Timestamp": stamp, "X-Signature": sign(secret, stamp, body),
        "Content-Type": "application/json"})


async def test_a_rotated_ad_secret_keeps_the_old_one_for_the_grace_only(
        gw: httpx.AsyncClient, seeded: dict[str, Any], services: tuple[str, Seen]) -> None:
    admin = await _as(gw, "admin")
    listed = (await gw.get(SOURCES, headers=admin)).json()["items"]
    ads = next(s for s in listed if s["name"] == "ads_generic")
    assert ads["kind"] == "ad_platform" and ads["signing_secret_set"]
    assert ads["webhook_path"] == "/api/v1/intake/ads/generic"  # where the platform posts
    path = f"{SOURCES}/{ads['id']}/signing-secret"
    retry = {**admin, "Idempotency-Key": "rotate-1"}
    rotated = await gw.post(path, headers=retry)
    assert rotated.status_code == 201, rotated.text
    new = rotated.json()["signing_secret"]
    assert new.startswith("whsec_") and rotated.json()["previous_secret_valid_until"]
    assert (await gw.post(path, headers=retry)).json()["signing_secret"] == new  # not again
    assert (await _ad(gw, seeded["ads_secret"], "old-1")).status_code == 202  # in grace
    assert (await _ad(gw, new, "new-1")).status_code == 202

    leaked = await gw.post(path, json={"grace_hours": 0}, headers=admin)
    assert leaked.json()["previous_secret_valid_until"] is None
    assert (await _ad(gw, new, "new-2")).status_code == 401
    assert (await _ad(gw, leaked.json()["signing_secret"], "new-3")).status_code == 202


async def test_keys_and_secrets_go_to_the_kind_of_source_that_uses_them(
        gw: httpx.AsyncClient) -> None:
    admin = await _as(gw, "admin")
    expo = await _source(gw, admin)
    refused = await gw.post(f"{SOURCES}/{expo['id']}/signing-secret", headers=admin)
    assert (refused.status_code, refused.json()["field"]) == (409, "source_id")
    listed = (await gw.get(SOURCES, headers=admin)).json()["items"]
    ads = next(s for s in listed if s["name"] == "ads_baidu")
    refused = await gw.post(f"{SOURCES}/{ads['id']}/keys", json={"label": "x"}, headers=admin)
    assert refused.status_code == 409


async def test_the_directory_and_the_export_know_the_new_source(
        gw: httpx.AsyncClient, gateway_sessions: Any) -> None:
    admin = await _as(gw, "admin")
    await _source(gw, admin)
    listed = await OrgDirectoryServicer(gateway_sessions).ListIntakeSources(
        org_pb2.ListIntakeSourcesRequest(), None)  # type: ignore[arg-type]
    assert {s.name: s.display_name for s in listed.sources}["expo_2027_shanghai"] == \
        "2027 上海工博会"
    export = await gw.get(f"{SOURCES}/export.xlsx", headers=admin)
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "来源标识"
    assert ("expo_2027_shanghai", "2027 上海工博会") in {r[:2] for r in rows[1:]}


async def test_the_export_downloads_when_a_stored_name_holds_a_control_character(
        gw: httpx.AsyncClient, gateway_sessions: Any) -> None:
    # Such names went in before the API refused them; Excel cannot hold the character, and
    # openpyxl raised on it: the whole export was a 500 for good.
    admin = await _as(gw, "admin")
    source = await _source(gw, admin)
    async with gateway_sessions() as session:
        await session.execute(text("UPDATE intake_sources SET display_name = :n WHERE id = :i"),
                              {"n": "2027\x07 上海工博会", "i": source["id"]})
        await session.commit()
    export = await gw.get(f"{SOURCES}/export.xlsx", headers=admin)
    assert export.status_code == 200, export.text
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert ("expo_2027_shanghai", "2027 上海工博会") in {r[:2] for r in rows[1:]}


async def test_the_secret_is_never_stored_in_plain_text(gw: httpx.AsyncClient,
                                                        gateway_sessions: Any) -> None:
    admin = await _as(gw, "admin")
    ads = next(s for s in (await gw.get(SOURCES, headers=admin)).json()["items"]
               if s["name"] == "ads_tencent")
    new = (await gw.post(f"{SOURCES}/{ads['id']}/signing-secret",
                         headers=admin)).json()["signing_secret"]
    async with gateway_sessions() as session:
        stored = await session.execute(text(
            "SELECT signing_secret, previous_signing_secret FROM intake_sources"
            " WHERE name = 'ads_tencent'"))
    assert all(v.startswith("sealed:v1:") and new not in v for v in stored.one())


@pytest.mark.parametrize(("body", "field"), [
    ({"display_name": None}, "display_name"),
    ({"active": None}, "active"),
    ({"name": "expo_renamed"}, "name"),
    ({"rate_limit_per_minute": "很多"}, "rate_limit_per_minute"),
    ({"rate_limit_per_minute": True}, "rate_limit_per_minute"),
    ({"display_name": "工博会\n2027"}, "display_name"),
], ids=["null name", "null active", "renaming", "not a number", "true as a rate",
        "control character"])
async def test_a_bad_change_is_refused_naming_the_field_and_changes_nothing(
        gw: httpx.AsyncClient, body: dict[str, Any], field: str) -> None:
    admin = await _as(gw, "admin")
    source = await _source(gw, admin)
    refused = await gw.patch(f"{SOURCES}/{source['id']}", json=body, headers=admin)
    assert (refused.status_code, refused.json()["field"]) == (422, field)
    listed = (await gw.get(SOURCES, headers=admin)).json()["items"]
    assert next(s for s in listed if s["id"] == source["id"]) == source


async def test_an_ad_platform_without_a_secret_gets_its_first_with_nothing_to_keep(
        gw: httpx.AsyncClient, gateway_sessions: Any) -> None:
    admin = await _as(gw, "admin")
    async with gateway_sessions() as session:  # a production install: no demo secret
        await session.execute(text("UPDATE intake_sources SET signing_secret = NULL"
                                   " WHERE name = 'ads_bytedance'"))
        await session.commit()
    ads = next(s for s in (await gw.get(SOURCES, headers=admin)).json()["items"]
               if s["name"] == "ads_bytedance")
    assert not ads["signing_secret_set"]
    first = await gw.post(f"{SOURCES}/{ads['id']}/signing-secret", headers=admin)
    assert first.status_code == 201 and first.json()["previous_secret_valid_until"] is None
