"""Every channel in through the gateway: manual entry, trade-show QR scans, ad webhooks
(signature, freshness, replay), and the per-source rate limit."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.e2e.channels import ads_secret, limited_source, post_ad, qr_key, qr_scan
from tests.e2e.helpers import EAST_REPS, assigned_lead, login, web_form

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as c:
        yield c


def test_a_reps_manual_lead_is_theirs_at_once_and_a_retry_returns_it(stack, client) -> None:
    rep = login(client, "rep03")
    headers = rep | {"Idempotency-Key": uuid.uuid4().hex}
    form = web_form(province="江苏")
    created = client.post("/api/v1/leads", json=form, headers=headers)
    assert created.status_code == 201, created.text
    lead_id = created.json()["lead_id"]
    again = client.post("/api/v1/leads", json=form, headers=headers)
    # A retry is answered as the first call was (a client that lost the 201 sees it again).
    assert (again.status_code, again.json()) == (201, created.json())
    lead = client.get(f"/api/v1/leads/{lead_id}", headers=rep).json()
    assert (lead["status"], lead["owner_username"], lead["source"]) == (
        "assigned", "rep03", "manual")


def test_a_manual_entry_with_the_longest_key_the_header_allows_is_stored_once(
        stack, client) -> None:
    rep = login(client, "rep03")
    headers = rep | {"Idempotency-Key": "k" * 199 + uuid.uuid4().hex[:1]}
    form = web_form(province="江苏")
    created = client.post("/api/v1/leads", json=form, headers=headers)
    assert created.status_code == 201, created.text
    again = client.post("/api/v1/leads", json=form, headers=headers)
    assert (again.status_code, again.json()) == (201, created.json())


def test_a_key_reused_for_another_customer_is_refused_and_nothing_is_lost_unseen(
        stack, client) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    qr = {"X-Api-Key": qr_key(stack)} | key
    first = client.post("/api/v1/intake/qr-scan", json=qr_scan(), headers=qr)
    assert first.status_code == 202, first.text
    reused = client.post("/api/v1/intake/qr-scan", json=qr_scan(), headers=qr)
    assert (reused.status_code, reused.json()["field"]) == (422, "Idempotency-Key")
    rep = login(client, "rep03") | key
    form = web_form(province="江苏")
    assert client.post("/api/v1/leads", json=form, headers=rep).status_code == 201
    other = client.post("/api/v1/leads", json=web_form(province="江苏"), headers=rep)
    assert (other.status_code, other.json()["field"]) == (422, "Idempotency-Key")


def test_a_managers_manual_lead_goes_through_assignment(stack, client) -> None:
    created = client.post("/api/v1/leads", json=web_form(province="浙江"),
                          headers=login(client, "mgr-east"))
    assert created.status_code == 201, created.text
    lead = assigned_lead(client, login(client, "director"), created.json()["lead_id"])
    assert lead["owner_username"] in EAST_REPS


def test_manual_entry_needs_a_sales_role_and_names_bad_fields(stack, client) -> None:
    refused = client.post("/api/v1/leads", json=web_form(), headers=login(client, "eng1"))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert client.post("/api/v1/leads", json=web_form()).status_code == 401
    bad = client.post("/api/v1/leads", json=web_form(phone="12345"),
                      headers=login(client, "rep03"))
    assert (bad.status_code, bad.json()["field"]) == (422, "phone")


def test_a_qr_scan_becomes_a_lead_with_event_booth_title_and_wechat(stack, client) -> None:
    scan = qr_scan()
    accepted = client.post("/api/v1/intake/qr-scan", json=scan,
                           headers={"X-Api-Key": qr_key(stack)})
    assert accepted.status_code == 202, accepted.text
    lead = assigned_lead(client, login(client, "director"), accepted.json()["lead_id"])
    assert (lead["source"], lead["event"], lead["booth"], lead["title"], lead["wechat_id"]) == (
        "trade_show", scan["event"], scan["booth"], "采购经理", scan["wechat_id"])
    assert lead["message"] == scan["notes"] and lead["touches"][0]["channel"] == "qr_scan"


def test_a_qr_scan_without_province_goes_to_the_rep_of_its_mobiles_province(
        stack, client) -> None:
    """A badge scan sends no province; the mobile was registered in 江苏 (1381234: 连云港),
    so the lead is 江苏's, taken by a 华东 rep, and says the province was inferred."""
    scan = qr_scan(province="", phone=f"1381234{uuid.uuid4().int % 10**4:04d}")
    accepted = client.post("/api/v1/intake/qr-scan", json=scan,
                           headers={"X-Api-Key": qr_key(stack)})
    assert accepted.status_code == 202, accepted.text
    lead_id = accepted.json()["lead_id"]
    lead = assigned_lead(client, login(client, "director"), lead_id)
    assert (lead["province"], lead["province_source"]) == ("江苏", "mobile")
    assert lead["assignment_reason"].startswith("省份按手机号归属地推断；"), lead
    assert lead["owner_username"] in EAST_REPS
    # and it is 华东's lead: its manager reads it
    east = client.get(f"/api/v1/leads/{lead_id}", headers=login(client, "mgr-east"))
    assert east.status_code == 200


def test_a_qr_scan_needs_the_key_and_an_event(stack, client) -> None:
    assert client.post("/api/v1/intake/qr-scan", json=qr_scan()).status_code == 401
    missing = client.post("/api/v1/intake/qr-scan", json=qr_scan(event=""),
                          headers={"X-Api-Key": qr_key(stack)})
    assert (missing.status_code, missing.json()["field"]) == (422, "event")


def _platform_body(platform: str, unique: int) -> dict:
    phone, name, company = f"136{unique % 10**8:08d}", f"赵敏{unique % 10**6}", f"恒通{unique}"
    return {
        "baidu": {"clue_id": unique, "form_detail": [
            {"name": "姓名", "value": name}, {"name": "手机", "value": phone},
            {"name": "公司名称", "value": company}, {"name": "地区", "value": "江苏省南京市"}]},
        "bytedance": {"clue_id": str(unique), "name": name, "telephone": phone,
                      "company_name": company, "location": "江苏南京"},
        "tencent": {"leads_id": unique, "leads_name": name, "leads_tel": phone,
                    "leads_company": company, "leads_area": "江苏省"},
        "generic": {"external_id": str(unique), "name": name, "phone": phone,
                    "company": company, "province": "江苏"},
    }[platform]


@pytest.mark.parametrize("platform", ["baidu", "bytedance", "tencent", "generic"])
def test_each_ad_platforms_signed_lead_is_mapped_into_a_lead(stack, client, platform) -> None:
    unique = uuid.uuid4().int % 10**12
    accepted = post_ad(client, ads_secret(stack), platform, _platform_body(platform, unique))
    assert accepted.status_code == 202, accepted.text
    lead = assigned_lead(client, login(client, "director"), accepted.json()["lead_id"])
    assert (lead["source"], lead["name"], lead["province"], lead["phone"]) == (
        f"ads_{platform}", f"赵敏{unique % 10**6}", "江苏", f"+86136{unique % 10**8:08d}")


def test_a_bad_signature_a_stale_timestamp_or_a_replay_is_401(stack, client) -> None:
    secret = ads_secret(stack)
    body = _platform_body("generic", uuid.uuid4().int % 10**12)
    wrong = post_ad(client, "not-the-secret", "generic", body)
    stale = post_ad(client, secret, "generic", body, timestamp=int(time.time()) - 301)
    assert [(r.status_code, r.json()["field"]) for r in (wrong, stale)] == [
        (401, "X-Signature"), (401, "X-Timestamp")]
    stamp = int(time.time())
    first = post_ad(client, secret, "generic", body, timestamp=stamp)
    replay = post_ad(client, secret, "generic", body, timestamp=stamp)
    assert first.status_code == 202, first.text
    assert (replay.status_code, replay.json()["field"]) == (401, "X-Signature")


def test_an_ad_payload_that_does_not_fit_names_the_field_and_unknown_platforms_are_404(
    stack, client,
) -> None:
    secret = ads_secret(stack)
    missing_id = post_ad(client, secret, "bytedance", {"name": "x", "telephone": "13600000000"})
    assert (missing_id.status_code, missing_id.json()["field"]) == (422, "clue_id")
    not_json = post_ad(client, secret, "generic", b"{not json")
    assert (not_json.status_code, not_json.json()["field"]) == (422, "body")
    unknown = post_ad(client, secret, "myspace", {"external_id": "1"})
    assert unknown.status_code == 404


def test_a_source_over_its_rate_limit_gets_429_with_retry_after(stack, client) -> None:
    headers = {"X-Api-Key": limited_source(stack, per_minute=3)}
    # A fixed one-minute window: 7 quick requests cross at most one boundary, so at
    # least one of them is over the limit of 3 whatever the clock says.
    statuses, refused = [], None
    for _ in range(7):
        response = client.post("/api/v1/intake/qr-scan", json=qr_scan(), headers=headers)
        statuses.append(response.status_code)
        if response.status_code == 429:
            refused = response
            break
    assert refused is not None, statuses
    assert statuses.count(202) >= 3
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
