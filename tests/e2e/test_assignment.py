"""Assignment through the gateway: admins edit rules, a rule routes a lead to its team,
owners reject, managers reassign, and each new owner finds the lead in their inbox."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.helpers import assigned_lead, inbox_item_for, login, submit, web_form

pytestmark = pytest.mark.e2e
RULES = "/api/v1/admin/assignment-rules"


@pytest.fixture(scope="module")
def client(stack: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as c:
        yield c


@pytest.fixture(scope="module")
def admin(client: httpx.Client) -> dict[str, str]:
    return login(client, "admin")


@pytest.fixture(scope="module")
def ids(client: httpx.Client) -> dict[str, str]:
    return {name: client.get("/api/v1/me", headers=login(client, name)).json()["id"]
            for name in ("rep02", "rep03", "rep04", "mgr-east")}


@pytest.fixture
def rule(client: httpx.Client, admin: dict[str, str], ids: dict[str, str]) -> Iterator[dict]:
    """A rule for a made-up industry only this test's leads carry, so the other e2e tests
    keep the plain region round-robin; deleted afterwards."""
    body = {"name": f"华东-测试行业-{uuid.uuid4().hex[:6]}",
            "match": {"provinces": ["江苏", "浙江"], "industries": [f"e2e-{uuid.uuid4().hex}"]},
            "target": {"kind": "team", "user_ids": [ids["rep03"], ids["rep04"]]}}
    created = client.post(RULES, json=body, headers=admin)
    assert created.status_code == 201, created.text
    yield created.json()
    client.delete(f"{RULES}/{created.json()['id']}", headers=admin)


def lead_for(stack: Any, client: httpx.Client, rule: dict) -> dict:
    form = web_form(province="江苏", industry=rule["match"]["industries"][0])
    lead_id = submit(client, stack.intake_api_key, form).json()["lead_id"]
    return assigned_lead(client, login(client, "director"), lead_id)


def test_only_admins_see_and_edit_assignment_rules(client: httpx.Client, ids: dict) -> None:
    body = {"name": "x", "target": {"kind": "person", "user_id": ids["rep03"]}}
    for who in ("director", "mgr-east", "rep03"):
        headers = login(client, who)
        assert client.get(RULES, headers=headers).status_code == 403
        refused = client.post(RULES, json=body, headers=headers)
        assert refused.status_code == 403
        assert refused.json()["code"] == "forbidden"
    assert client.get(RULES).status_code == 401


@pytest.mark.parametrize(("change", "field"), [
    ({"match": {"provinces": ["火星"]}}, "match.provinces"),
    ({"match": {"score_min": 90, "score_max": 10}}, "match.score_max"),
    ({"target": {"kind": "robot"}}, "target.kind"),
    ({"target": {"kind": "team", "user_ids": []}}, "target.user_ids"),
    ({"target": {"kind": "team", "user_ids": ["not-a-rep"]}}, "target.user_ids"),
    ({"target": {"kind": "person"}}, "target.user_id"),
    ({"name": ""}, "name"),
])
def test_a_bad_rule_is_refused_naming_the_field(client: httpx.Client, admin: dict,
                                                ids: dict, change: dict, field: str) -> None:
    body = {"name": "坏规则", "target": {"kind": "team", "user_ids": [ids["rep03"]]}} | change
    response = client.post(RULES, json=body, headers=admin)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field


def test_a_rule_with_several_bad_fields_is_told_every_one(client: httpx.Client,
                                                          admin: dict) -> None:
    body = {"name": "坏规则", "match": {"provinces": ["火星"], "sources": ["Web Form"]},
            "target": {"kind": "team", "user_ids": []}}
    response = client.post(RULES, json=body, headers=admin)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [
        "match.provinces", "match.sources", "target.user_ids"]


def test_a_rule_for_a_misspelt_source_is_refused_and_the_real_sources_are_offered(
        client: httpx.Client, admin: dict, ids: dict) -> None:
    """A rule naming a source no lead can come from would never match, and nobody would
    notice why the trade-show leads went round-robin instead."""
    body = {"name": "展会线索给 rep03", "match": {"sources": ["trade_shwo"]},
            "target": {"kind": "person", "user_id": ids["rep03"]}}
    refused = client.post(RULES, json=body, headers=admin)
    assert refused.status_code == 422 and refused.json()["field"] == "match.sources"
    assert "trade_shwo" in refused.json()["detail"] and "web_form" in refused.json()["detail"]
    body["match"]["sources"] = ["web_form", "manual", "import"]
    made = client.post(RULES, json=body, headers=admin)
    assert made.status_code == 201, made.text
    client.delete(f"{RULES}/{made.json()['id']}", headers=admin)


def test_admin_creates_updates_reorders_and_deletes_rules(client: httpx.Client, admin: dict,
                                                          ids: dict) -> None:
    body = {"name": "甲", "match": {"industries": [f"e2e-{uuid.uuid4().hex}"]},
            "target": {"kind": "person", "user_id": ids["rep02"]}}
    headers = admin | {"Idempotency-Key": uuid.uuid4().hex}
    first = client.post(RULES, json=body, headers=headers).json()
    assert client.post(RULES, json=body, headers=headers).json()["id"] == first["id"]
    second = client.post(RULES, json=body | {"name": "乙"}, headers=admin).json()
    updated = client.put(f"{RULES}/{second['id']}", json=body | {"name": "乙改"}, headers=admin)
    assert updated.status_code == 200 and updated.json()["name"] == "乙改"
    # Each lead records its rule by name: a second 「甲」 would make that record ambiguous.
    clash = client.put(f"{RULES}/{second['id']}", json=body, headers=admin)
    assert clash.status_code == 422 and clash.json()["field"] == "name"
    order = [r["id"] for r in client.get(RULES, headers=admin).json()["items"]]
    order.remove(second["id"])
    order.insert(order.index(first["id"]), second["id"])
    reordered = client.put(f"{RULES}/order", json={"rule_ids": order}, headers=admin).json()
    assert [r["id"] for r in reordered["items"]] == order
    bad = client.put(f"{RULES}/order", json={"rule_ids": order[1:]}, headers=admin)
    assert bad.status_code == 422 and bad.json()["field"] == "rule_ids"
    for rule_id in (first["id"], second["id"]):
        assert client.delete(f"{RULES}/{rule_id}", headers=admin).status_code == 204
    left = [r["id"] for r in client.get(RULES, headers=admin).json()["items"]]
    assert first["id"] not in left and second["id"] not in left


def test_a_rule_routes_matching_leads_to_its_team_and_says_why(stack: Any, client: httpx.Client,
                                                               rule: dict) -> None:
    leads = [lead_for(stack, client, rule) for _ in range(2)]
    assert {lead["owner_username"] for lead in leads} == {"rep03", "rep04"}
    for lead in leads:
        assert lead["assignment_rule_id"] == rule["id"]
        assert lead["assignment_reason"].startswith(f"规则「{rule['name']}」匹配；团队轮询")
        shown = {"rep03": "郑浩", "rep04": "王芳"}[lead["owner_username"]]
        assert f"{shown} 今日第 " in lead["assignment_reason"]


def test_a_rejected_lead_goes_to_the_other_team_member_who_is_told(
    stack: Any, client: httpx.Client, rule: dict,
) -> None:
    lead = lead_for(stack, client, rule)
    owner = lead["owner_username"]
    other = "rep04" if owner == "rep03" else "rep03"
    path = f"/api/v1/leads/{lead['id']}/reject"
    assert client.post(path, json={"reason": "x"}, headers=login(client, other)).status_code \
        == 404
    response = client.post(path, json={"reason": "客户不在服务区域"},
                           headers=login(client, owner))
    assert response.status_code == 200, response.text
    assert response.json()["owner_username"] == other
    # People named as the directory shows them (郑浩), not by login (QA #15).
    shown = client.get("/api/v1/me", headers=login(client, owner)).json()["display_name"]
    assert response.json()["assignment_reason"].startswith(f"{shown} 退回（客户不在服务区域）")
    assert f"{owner} " not in response.json()["assignment_reason"]
    item = inbox_item_for(client, login(client, other), lead["id"])
    assert item["title"].startswith("新线索已分配给您")


def test_the_regions_manager_reassigns_and_the_new_owner_is_told(
    stack: Any, client: httpx.Client, ids: dict,
) -> None:
    lead_id = submit(client, stack.intake_api_key, web_form(province="江苏")).json()["lead_id"]
    lead = assigned_lead(client, login(client, "director"), lead_id)
    target = "rep02" if lead["owner_username"] != "rep02" else "rep03"
    path = f"/api/v1/leads/{lead_id}/reassign"
    body = {"owner_id": ids[target], "reason": "客户指定对接人"}
    assert client.post(path, json=body, headers=login(client, "mgr-south")).status_code == 404
    assert client.post(path, json=body,
                       headers=login(client, lead["owner_username"])).status_code == 403
    to_manager = client.post(path, json=body | {"owner_id": ids["mgr-east"]},
                             headers=login(client, "mgr-east"))
    assert to_manager.status_code == 422 and to_manager.json()["field"] == "owner_id"
    done = client.post(path, json=body, headers=login(client, "mgr-east"))
    assert done.status_code == 200, done.text
    assert done.json()["owner_username"] == target
    assert done.json()["assignment_reason"] == "李明 改派：客户指定对接人"  # mgr-east
    inbox_item_for(client, login(client, target), lead_id)


def test_a_rep_marks_themself_away_and_nobody_else_can(client: httpx.Client, ids: dict) -> None:
    path = f"/api/v1/reps/{ids['rep04']}/availability"
    assert client.put(path, json={"away": True}, headers=login(client, "rep03")).status_code \
        == 403
    away = client.put(path, json={"away": True, "until": "2099-01-01T09:00:00"},
                      headers=login(client, "rep04"))
    assert away.status_code == 200, away.text
    assert away.json()["away"] is True and away.json()["away_until"].startswith("2099-01-01")
    back = client.put(path, json={"away": False}, headers=login(client, "mgr-east"))
    assert back.status_code == 200 and back.json()["away"] is False


def test_admin_sets_a_reps_capacity_and_daily_cap(client: httpx.Client, admin: dict,
                                                  ids: dict) -> None:
    path = f"/api/v1/admin/reps/{ids['rep02']}/assignment-settings"
    assert client.put(path, json={"capacity": 2}, headers=login(client, "mgr-east")) \
        .status_code == 403
    bad = client.put(path, json={"capacity": 0}, headers=admin)
    assert bad.status_code == 422 and bad.json()["field"] == "capacity"
    done = client.put(path, json={"capacity": 2, "daily_cap": 30}, headers=admin)
    assert done.status_code == 200, done.text
    assert (done.json()["capacity"], done.json()["daily_cap"]) == (2, 30)
    assert client.put(path, json={"capacity": 1}, headers=admin).status_code == 200  # as before
