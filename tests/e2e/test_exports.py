"""The lists that had no Excel export get one, through the gateway with every process
running: a rep and their manager download a lead's contact log, the inbox, work-order KPIs;
admins the assignment rules; managers the pay experiments. Each sheet opens in openpyxl
and says what the list says, to whoever the list says it (and refuses whom it refuses)."""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from gateway.demo_company import PEOPLE
from openpyxl import load_workbook

from tests.e2e.helpers import assigned_lead, eventually, login, submit, web_form

pytestmark = pytest.mark.e2e
NAMES = {p.username: p.display_name for p in PEOPLE}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def tomorrow_at_ten() -> datetime:
    return datetime.combine(date.today() + timedelta(days=1), datetime.min.time()).replace(
        hour=10)


def work_order(**overrides: Any) -> dict[str, Any]:
    due = (datetime.now(SHANGHAI) + timedelta(days=5)).isoformat()
    return {"need": "导出用的工单", "acceptance_standard": "图纸经客户确认", "due_at": due,
            "department": "engineering"} | overrides


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def sheet(response: httpx.Response) -> list[tuple[Any, ...]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def column(rows: list[tuple[Any, ...]], header: str) -> list[Any]:
    at = rows[0].index(header)
    return [row[at] for row in rows[1:]]


def every_item(client: httpx.Client, path: str, headers: dict[str, str],
               **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = client.get(path, params=params | ({"cursor": cursor} if cursor else {}),
                          headers=headers)
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        if not (cursor := page.json()["next_cursor"]):
            return items


def test_a_leads_contact_log_exports_for_its_owner_and_their_manager_only(
        stack, client) -> None:
    lead_id = submit(client, stack.intake_api_key, web_form(province="江苏")).json()["lead_id"]
    owner_name = assigned_lead(client, login(client, "director"), lead_id)["owner_username"]
    owner = login(client, owner_name)
    path = f"/api/v1/leads/{lead_id}/contacts"
    next_at = tomorrow_at_ten()
    for channel, outcome in (("call", "电话沟通，客户要资料"), ("visit", "=现场拜访，有采购意向")):
        logged = client.post(path, headers=owner, json={
            "channel": channel, "outcome": outcome, "next_step": "发报价",
            "next_step_at": next_at.replace(tzinfo=SHANGHAI).isoformat()})
        assert logged.status_code == 201, logged.text
    listed = every_item(client, path, owner)
    for who in (owner, login(client, "mgr-east")):
        rows = sheet(client.get(f"{path}/export.xlsx", headers=who))
        assert rows[0] == ("联系时间", "方式", "结果", "下一步", "下一步时间", "跟进人")
        # Every column says something for these contacts: none is a header over blanks.
        assert all(any(row[i] is not None for row in rows[1:]) for i in range(len(rows[0])))
        assert column(rows, "结果") == [c["outcome"] for c in listed]
        assert set(column(rows, "方式")) == {"电话", "拜访"}
        assert set(column(rows, "跟进人")) == {NAMES[owner_name]}
        # 10:00 in Shanghai, as the rep typed it, whatever the server's zone.
        assert set(column(rows, "下一步时间")) == {next_at}
    # A rep of another region gets what the list gives them: not found.
    stranger = login(client, "rep20")
    assert client.get(path, headers=stranger).status_code == 404
    assert client.get(f"{path}/export.xlsx", headers=stranger).status_code == 404


def test_admins_export_the_assignment_rules_in_order_with_names(client) -> None:
    path = "/api/v1/admin/assignment-rules"
    admin = login(client, "admin")
    me = client.get("/api/v1/me", headers=login(client, "rep02")).json()
    # A made-up industry only this rule matches, so the other tests' leads keep their reps.
    made = client.post(path, headers=admin, json={
        "name": f"导出-{uuid.uuid4().hex[:6]}", "enabled": False,
        "match": {"provinces": ["江苏"], "industries": [f"e2e-{uuid.uuid4().hex}"],
                  "region_ids": [me["region_id"]], "sources": ["web_form"]},
        "target": {"kind": "person", "user_id": me["id"]}})
    assert made.status_code == 201, made.text
    try:
        listed = client.get(path, headers=admin).json()["items"]
        rows = sheet(client.get(f"{path}/export.xlsx", headers=admin))
        assert column(rows, "规则名称") == [r["name"] for r in listed]
        assert column(rows, "顺序") == list(range(1, len(listed) + 1))
        mine = rows[1 + [r["id"] for r in listed].index(made.json()["id"])]
        cells = dict(zip(rows[0], mine, strict=True))
        # Nobody reads a UUID: the rep, the region and the source by name.
        assert (cells["分配给"], cells["分配方式"], cells["启用"]) == (
            NAMES["rep02"], "指定销售", "否")
        assert (cells["区域"], cells["来源"], cells["省份"]) == ("华东", "官网表单", "江苏")
        for who in ("rep01", "mgr-east", "director"):  # the list is admins' only, so is its sheet
            headers = login(client, who)
            assert client.get(path, headers=headers).status_code == 403
            refused = client.get(f"{path}/export.xlsx", headers=headers)
            assert refused.status_code == 403
            # They asked to read the rules, not to change them: the refusal says so.
            assert "查看" in refused.json()["detail"]
    finally:
        client.delete(f"{path}/{made.json()['id']}", headers=admin)


def test_a_rep_and_a_manager_export_the_work_order_kpis_they_see(client) -> None:
    today = datetime.now(SHANGHAI).date()
    path = "/api/v1/analytics/workorders"
    window = {"period": "week", "from": str(today - timedelta(days=90)), "to": str(today)}
    rep = login(client, "rep01")
    made = client.post("/api/v1/workorders", headers=rep, json=work_order())
    assert made.status_code == 201, made.text
    for who in (rep, login(client, "mgr-east")):
        figures = client.get(path, params=window, headers=who).json()["rows"]
        rows = sheet(client.get(f"{path}/export.xlsx", params=window, headers=who))
        assert rows[0][:3] == ("部门", "周期", "新建工单")
        assert [(r[1], r[2], r[3]) for r in rows[1:]] == [
            (f["period"], f["created"], f["accepted"]) for f in figures]
        assert "技术部" in column(rows, "部门")
        for row, f in zip(rows[1:], figures, strict=True):
            rate = row[rows[0].index("按时交付率")]
            assert rate == (pytest.approx(f["on_time_rate"]) if f["delivered"] else None)
    # The same window rules as the JSON: a bad bound is 422 naming it.
    bad = client.get(f"{path}/export.xlsx", params={"from": "明天"}, headers=rep)
    assert (bad.status_code, bad.json()["field"]) == (422, "from")


def test_managers_export_the_pay_experiments_and_reps_may_not(client) -> None:
    manager = login(client, "mgr-east")
    listed = every_item(client, "/api/v1/experiments", manager)
    rows = sheet(client.get("/api/v1/experiments/export.xlsx", headers=manager))
    assert column(rows, "实验名称") == [e["name"] for e in listed]
    demo = next(e for e in listed if e["status"] == "finished")
    row = rows[1 + listed.index(demo)]
    arm_a = row[rows[0].index("A组")].split("、")
    assert len(arm_a) == sum(1 for u in demo["units"] if u["arm"] == "A")
    assert set(arm_a) <= set(NAMES.values()) | {f"{n}团队" for n in NAMES.values()}
    assert row[rows[0].index("状态")] == "已结束"
    # The demo's trial was made by the seed, not by someone who logs in as "demo".
    assert row[rows[0].index("创建人")] == "系统（演示数据）"
    rep = login(client, "rep01")
    assert client.get("/api/v1/experiments", headers=rep).status_code == 403
    assert client.get("/api/v1/experiments/export.xlsx", headers=rep).status_code == 403


def test_each_person_exports_their_own_inbox(stack, client) -> None:
    lead_id = submit(client, stack.intake_api_key, web_form(province="江苏")).json()["lead_id"]
    owner_name = assigned_lead(client, login(client, "director"), lead_id)["owner_username"]
    for who in (login(client, owner_name), login(client, "mgr-east")):
        listed = eventually(lambda who=who: every_item(client, "/api/v1/notifications", who))
        rows = sheet(client.get("/api/v1/notifications/export.xlsx", headers=who))
        assert rows[0] == ("时间", "标题", "内容", "链接", "已读", "阅读时间")
        exported = list(zip(column(rows, "标题"), column(rows, "链接"), strict=True))
        # Items may arrive between the two reads: the sheet holds every listed one.
        assert set(exported) >= {(i["title"], i["link"]) for i in listed}
        assert all(isinstance(row[0], datetime) for row in rows[1:])
    owners = {i["link"] for i in every_item(client, "/api/v1/notifications",
                                            login(client, owner_name))}
    assert any(link.endswith(lead_id) for link in owners)


def test_the_work_order_export_names_the_deal(client) -> None:
    rep = login(client, "rep01")
    deal = client.post("/api/v1/opportunities", headers=rep, json={
        "account_name": "常州导出测试重工有限公司", "title": "导出用的非标阀门"}).json()
    made = client.post("/api/v1/workorders", headers=rep,
                       json=work_order(opportunity_id=deal["id"]))
    assert made.status_code == 201, made.text
    rows = sheet(client.get("/api/v1/workorders/export.xlsx",
                            params={"opportunity_id": deal["id"]}, headers=rep))
    assert column(rows, "商机") == ["导出用的非标阀门"]
    # An engineer sees the order but not the deal: the id, as their work-order list has it.
    engineer = sheet(client.get("/api/v1/workorders/export.xlsx",
                                params={"opportunity_id": deal["id"]},
                                headers=login(client, "eng-lead")))
    assert column(engineer, "商机") == [deal["id"]]


def test_finance_narrowing_rewards_by_a_login_name_is_told_to_use_the_id(client) -> None:
    """user_id is the person's id: "rep01" would match nobody, and an empty sheet reads as
    "no rewards" — refused naming the parameter, the list and its export alike."""
    finance = login(client, "finance")
    for path in ("/api/v1/rewards", "/api/v1/rewards/export.xlsx"):
        refused = client.get(path, params={"user_id": "rep01"}, headers=finance)
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == "user_id"
    rep = client.get("/api/v1/me", headers=login(client, "rep01")).json()["id"]
    rows = sheet(client.get("/api/v1/rewards/export.xlsx", params={"user_id": rep},
                            headers=finance))
    assert set(column(rows, "用户")) <= {NAMES["rep01"]}


def test_readyz_names_nats_when_it_is_down_and_stays_ready(stack, client) -> None:
    assert client.get("/readyz").json()["nats"] == "ok"
    stack.stop_nats()
    try:
        down = eventually(lambda: (r := client.get("/readyz")).json()["missing"] and r,
                          timeout=5)
        # Reads still work, so the pod stays in the Service: 200, degraded, naming nats.
        assert down.status_code == 200
        assert down.json()["status"] == "degraded"
        assert down.json()["missing"] == ["nats"] and down.json()["nats"] == "unavailable"
        assert set(down.json()["services"].values()) == {"ok"}
        assert client.get("/api/v1/leads", headers=login(client, "rep01")).status_code == 200
    finally:
        stack.start_nats()
    eventually(lambda: client.get("/readyz").json()["status"] == "ready", timeout=15)
