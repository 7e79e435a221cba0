"""An integration admin brings a new trade show online over the API, with every process
running: the source and its key, a rule routing its leads, a web form arriving with the
key, the lead export naming the show, the key revoked when it leaks; and an ad platform's
secret rotated while the platform still signs with the old one."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.e2e.channels import ads_secret, post_ad
from tests.e2e.helpers import assigned_lead, eventually, login, submit, web_form

pytestmark = pytest.mark.e2e
SOURCES = "/api/v1/admin/intake-sources"
RULES = "/api/v1/admin/assignment-rules"


@pytest.fixture(scope="module")
def client(stack: Any) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def _rule_for(client: httpx.Client, admin: dict[str, str], source: str) -> dict[str, Any]:
    """A rule sending the source's leads to rep03: accepted once the leads service's
    directory cache (5 s) has seen the new source."""
    rep03 = client.get("/api/v1/me", headers=login(client, "rep03")).json()["id"]
    body = {"name": f"{source} 给 rep03", "match": {"sources": [source]},
            "target": {"kind": "person", "user_id": rep03}}

    def create() -> dict[str, Any] | None:
        made = client.post(RULES, json=body, headers=admin)
        assert made.status_code in (201, 422), made.text
        return made.json() if made.status_code == 201 else None

    return eventually(create, timeout=15, every=0.5)


def test_a_new_trade_show_source_brings_routed_leads_until_its_key_is_revoked(
        stack: Any, client: httpx.Client) -> None:
    admin, director = login(client, "admin"), login(client, "director")
    name, tag = f"expo_{uuid.uuid4().hex[:10]}", uuid.uuid4().hex[:8]
    source = client.post(SOURCES, json={"name": name, "display_name": "2027 上海工博会"},
                         headers=admin | {"Idempotency-Key": uuid.uuid4().hex})
    assert source.status_code == 201, source.text
    issued = client.post(f"{SOURCES}/{source.json()['id']}/keys",
                         json={"label": "市场部代理商"}, headers=admin)
    assert issued.status_code == 201, issued.text
    key = issued.json()["api_key"]
    rule = _rule_for(client, admin, name)
    try:
        accepted = submit(client, key, web_form(company=f"{tag}精工", province="江苏"))
        assert accepted.status_code == 202, accepted.text
        lead = assigned_lead(client, director, accepted.json()["lead_id"])
        assert (lead["source"], lead["owner_username"]) == (name, "rep03")
    finally:
        client.delete(f"{RULES}/{rule['id']}", headers=admin)

    export = client.get("/api/v1/leads/export.xlsx", params={"q": tag}, headers=director)
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][rows[0].index("来源")] == "2027 上海工博会"

    revoked = client.delete(f"{SOURCES}/{source.json()['id']}/keys/{issued.json()['id']}",
                            headers=admin)
    assert revoked.status_code == 204
    # Refused once the gateway's key cache (5 s) lets go of it; 10 s leaves room on a busy CI.
    refused = eventually(lambda: (r := submit(client, key, web_form())).status_code == 401 and r,
                         timeout=10)
    assert refused.json()["field"] == "X-Api-Key"


def test_a_show_created_under_a_new_name_scores_its_leads_as_a_trade_show(
        stack: Any, client: httpx.Client) -> None:
    """By its name, expo_… read as 其他来源 (3 points); the admin says it is a trade show,
    and its QR scans score as one (10)."""
    admin, director = login(client, "admin"), login(client, "director")
    name = f"expo_{uuid.uuid4().hex[:10]}"
    plain = client.post(SOURCES, json={"name": name + "x", "display_name": "某合作渠道"},
                        headers=admin)
    assert plain.status_code == 201 and plain.json()["category"] == "other", plain.text
    source = client.post(SOURCES, json={"name": name, "display_name": "2027 上海工博会",
                                        "category": "trade_show"}, headers=admin)
    assert source.status_code == 201 and source.json()["category"] == "trade_show", source.text
    key = client.post(f"{SOURCES}/{source.json()['id']}/keys", json={"label": "展台扫码枪"},
                      headers=admin).json()["api_key"]
    scan = {"event": "2027 上海工博会", "name": "李娜", "phone": "", "province": "江苏",
            "company": f"{uuid.uuid4().hex[:8]}液压", "wechat_id": f"wx_{uuid.uuid4().hex[:12]}"}
    accepted = client.post("/api/v1/intake/qr-scan", json=scan, headers={"X-Api-Key": key})
    assert accepted.status_code == 202, accepted.text
    lead = assigned_lead(client, director, accepted.json()["lead_id"])
    factors = {f["factor"]: f for f in lead["score_factors"]}
    assert (factors["source"]["points"], factors["source"]["reason_zh"]) == (
        10, "展会现场获取，意向明确")
    for made in (plain, source):
        client.patch(f"{SOURCES}/{made.json()['id']}", json={"active": False}, headers=admin)


def test_a_rotated_ad_secret_works_at_once_and_the_old_one_during_the_grace(
        stack: Any, client: httpx.Client) -> None:
    admin = login(client, "admin")
    old = ads_secret(stack)  # the seeded ad sources share it
    tencent = next(s for s in client.get(SOURCES, headers=admin).json()["items"]
                   if s["name"] == "ads_tencent")
    rotated = client.post(f"{SOURCES}/{tencent['id']}/signing-secret",
                          json={"grace_hours": 24}, headers=admin)
    assert rotated.status_code == 201, rotated.text
    new = rotated.json()["signing_secret"]

    def lead() -> dict[str, Any]:
        unique = uuid.uuid4().int % 10**12
        return {"leads_id": unique, "leads_name": f"孙悦{unique % 10**6}",
                "leads_tel": f"139{unique % 10**8:08d}", "leads_company": f"恒通{unique}",
                "leads_area": "江苏省"}

    for secret in (new, old):  # the platform may still sign with the old one for a day
        accepted = post_ad(client, secret, "tencent", lead())
        assert accepted.status_code == 202, accepted.text
    assert post_ad(client, "whsec_guess", "tencent", lead()).status_code == 401
