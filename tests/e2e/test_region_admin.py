"""A manufacturer reorganises its sales regions through the running system: the admin
opens 华中 and moves 湖北/湖南/河南 into it from 其他, hires its manager and a rep, and
gives it an assignment rule. Within the directory caches' few seconds a web form from 河南
lands in 华中 and the rule matches it; a lead from 河南 taken before stays in 其他. The
manager sees the new region's lead, the region is renamed, and its provinces go back
afterwards (the stack is shared). Bad input is a 422 or 409 naming the field."""

from __future__ import annotations

import io
import time
import uuid
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.e2e.helpers import (
    ADMIN_USERS,
    TEMPORARY_PASSWORD,
    eventually,
    first_login,
    hire,
    login,
    submit,
    user_id,
    web_form,
)

pytestmark = pytest.mark.e2e
REGIONS = "/api/v1/admin/regions"
RULES = "/api/v1/admin/assignment-rules"
CENTRAL = ["湖北", "湖南", "河南"]
# The leads service remembers OrgDirectory answers 5 s (servicekit.orgdir); the gateway's
# own copy of the map is renewed at once on the replica that changed it.
ORG_CACHE_SECONDS = 5.5


def henan_lead(stack: Any, client: httpx.Client, tag: str) -> dict[str, Any]:
    """A web form from 河南, once the assigner has placed it (其他 has no reps: its leads
    wait for the directors, placed in the region without an owner)."""
    form = web_form(province="河南省", company=f"郑州{tag}重工有限公司")
    lead_id = submit(client, stack.intake_api_key, form).json()["lead_id"]
    director = login(client, "director")

    def placed() -> dict[str, Any] | None:
        lead = client.get(f"/api/v1/leads/{lead_id}", headers=director).json()
        return lead if lead.get("region_id") and lead.get("assignment_reason") else None

    return eventually(placed)


def regions(client: httpx.Client, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in client.get(REGIONS, headers=headers).json()["items"]}


def test_a_new_region_takes_new_leads_of_its_provinces_and_its_manager_sees_them(
        stack: Any, client: httpx.Client, admin: dict[str, str]) -> None:
    tag = uuid.uuid4().hex[:6]
    before = henan_lead(stack, client, tag)
    default = regions(client, admin)["default"]
    assert before["region_id"] == default["id"]

    made = client.post(REGIONS, headers=admin | {"Idempotency-Key": f"hz-{tag}"}, json={
        "code": f"central_{tag}", "name": f"华中{tag}", "provinces": ["湖北省", "湖南", "河南"]})
    assert made.status_code == 201, made.text
    central = made.json()
    assert sorted(central["provinces"]) == sorted(CENTRAL)
    assert {(m["province"], m["from_name"]) for m in central["moved"]} == {
        (p, "其他") for p in CENTRAL}
    manager = hire(client, admin, display_name="华中周经理", role="manager",
                   region_id=central["id"], managed_region_ids=[central["id"]],
                   manager_id=user_id(client, admin, "director"))
    rep = hire(client, admin, display_name="华中孙销售", role="rep", region_id=central["id"],
               manager_id=manager["id"])
    # The leads service's copies of the map and of the reps are renewed (a rule naming a
    # rep it has not seen yet would be refused; a new region it asks for again itself).
    time.sleep(ORG_CACHE_SECONDS)
    rule = client.post(RULES, headers=admin, json={
        "name": f"华中{tag}直销", "match": {"region_ids": [central["id"]]},
        "target": {"kind": "person", "user_id": rep["id"]}})
    assert rule.status_code == 201, rule.text
    try:
        after = henan_lead(stack, client, tag)
        assert (after["region_id"], after["owner_id"], after["assignment_rule_id"]) == (
            central["id"], rep["id"], rule.json()["id"])
        director = login(client, "director")
        kept = client.get(f"/api/v1/leads/{before['id']}", headers=director).json()
        assert kept["region_id"] == default["id"]  # a lead taken before keeps its region

        as_manager = first_login(client, manager["username"], TEMPORARY_PASSWORD)
        seen = client.get("/api/v1/leads", params={"q": tag}, headers=as_manager)
        assert {lead["id"] for lead in seen.json()["items"]} == {after["id"]}

        renamed = client.patch(f"{REGIONS}/central_{tag}", headers=admin,
                               json={"name": f"华中大区{tag}"})
        assert renamed.status_code == 200, renamed.text
        listed = regions(client, director)[f"central_{tag}"]
        assert (listed["name"], [m["name"] for m in listed["managers"]], listed["reps"]) == (
            f"华中大区{tag}", ["华中周经理"], 1)
        sheet = client.get(f"{REGIONS}/export.xlsx", headers=director)
        rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
        assert rows[0][:5] == ("编码", "名称", "默认区域", "省份", "区域经理")
        row = next(r for r in rows[1:] if r[0] == f"central_{tag}")
        assert (row[1], row[4]) == (f"华中大区{tag}", "华中周经理")
    finally:  # the shared stack gets its map back and keeps no active hires of ours
        client.delete(f"{RULES}/{rule.json()['id']}", headers=admin)
        back = client.post(f"{REGIONS}/default/provinces", headers=admin,
                           json={"provinces": CENTRAL})
        assert back.status_code == 200, back.text
        for person in (rep, manager):
            client.patch(f"{ADMIN_USERS}/{person['id']}", headers=admin, json={"active": False})


def test_region_mistakes_name_their_field_and_move_nothing(
        client: httpx.Client, admin: dict[str, str]) -> None:
    before = regions(client, admin)
    code = f"northeast_{uuid.uuid4().hex[:6]}"
    for body, status, field in [
        ({"code": code, "name": "东北", "provinces": ["辽宁", "火星"]}, 422, "provinces.1"),
        ({"code": "east", "name": "东北", "provinces": ["辽宁"]}, 409, "code"),
        ({"code": code, "name": "华南", "provinces": ["辽宁"]}, 409, "name"),
        ({"code": code, "name": "", "provinces": ["辽宁"]}, 422, "name"),
        ({"code": code, "name": "东北", "provinces": before["default"]["provinces"]},
         422, "provinces"),
    ]:
        answer = client.post(REGIONS, json=body, headers=admin)
        assert (answer.status_code, answer.json()["field"]) == (status, field), body
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert {c: r["provinces"] for c, r in regions(client, admin).items()} == {
        c: r["provinces"] for c, r in before.items()}
    director = login(client, "director")
    assert client.post(REGIONS, json={"code": code, "name": "东北"},
                       headers=director).status_code == 403
    assert client.get(REGIONS, headers=login(client, "rep01")).status_code == 403
