"""Field work and management numbers through the gateway, every process running:
visits with photos, the needs record that opens 方案设计, the day's route, analytics."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from openpyxl import load_workbook

from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 64
SITE = {"latitude": "31.2989", "longitude": "120.5853"}


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def open_deal(client: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    opened = client.post("/api/v1/opportunities", headers=headers, json={
        "account_name": f"昆山精密{uuid.uuid4().hex[:6]}有限公司", "title": "激光切割机",
        "amount_fen": 80_000_000})
    assert opened.status_code == 201, opened.text
    return opened.json()


def advance(client: httpx.Client, headers: dict[str, str], deal: dict[str, Any],
            to: str) -> httpx.Response:
    path = f"/api/v1/opportunities/{deal['id']}"
    current = client.get(path, headers=headers).json()
    for step in current["steps"]:
        if step["stage"] == current["stage"] and not step["done"]:
            assert client.post(f"{path}/steps/{step['id']}", headers=headers).status_code == 200
    return client.post(f"{path}/stage", json={"to": to}, headers=headers)


def test_a_rep_records_a_visit_with_photos_and_its_report_marks_the_first_visit(
        stack, client) -> None:
    rep = login(client, "rep02")
    deal = open_deal(client, rep)
    visits = f"/api/v1/opportunities/{deal['id']}/visits"
    made = client.post(visits, headers=rep | {"Idempotency-Key": uuid.uuid4().hex},
                       data=SITE | {"report": "见到设备部王经理，计划更换两条产线"},
                       files=[("photos", ("site.jpg", JPEG, "image/jpeg"))])
    assert made.status_code == 201, made.text
    visit = made.json()
    assert (visit["state"], visit["first"], len(visit["photos"])) == ("reported", True, 1)
    photo = client.get(visit["photos"][0]["url"], headers=rep)
    assert photo.status_code == 200 and photo.content == JPEG
    assert photo.headers["content-type"] == "image/jpeg"
    second = client.post(visits, headers=rep, data=SITE).json()
    assert second["state"] == "checked_in" and not second["first"]
    filed = client.post(f"{visits}/{second['id']}/report", headers=rep,
                        json={"report": "复访：确认预算"})
    assert filed.status_code == 200 and (filed.json()["state"], filed.json()["first"]) == (
        "reported", False)
    listed = client.get(visits, headers=rep).json()
    assert [v["id"] for v in listed["items"]] == [second["id"], visit["id"]]
    detail = client.get(f"/api/v1/opportunities/{deal['id']}", headers=rep).json()
    assert [v["id"] for v in detail["activities"]] == [second["id"], visit["id"]]
    sheet = client.get(f"{visits}/export.xlsx", headers=rep)
    assert sheet.status_code == 200, sheet.text
    # saved as 拜访记录.xlsx like every other list's sheet, not "visits.xlsx"
    assert sheet.headers["content-disposition"].endswith(
        "filename*=UTF-8''%E6%8B%9C%E8%AE%BF%E8%AE%B0%E5%BD%95.xlsx")
    rows = list(load_workbook(BytesIO(sheet.content), read_only=True).active
                .iter_rows(values_only=True))
    assert rows[0][:2] == ("状态", "销售") and [r[6] for r in rows[1:]] == [
        "复访：确认预算", "见到设备部王经理，计划更换两条产线"]
    assert client.get(visits, headers=login(client, "rep07")).status_code == 404


def test_bad_visits_are_refused_with_problems_naming_the_field(stack, client) -> None:
    rep = login(client, "rep02")
    visits = f"/api/v1/opportunities/{open_deal(client, rep)['id']}/visits"
    swapped = client.post(visits, headers=rep, data={"latitude": "120.58", "longitude": "31.3"})
    assert swapped.status_code == 422 and swapped.json()["field"] == "latitude"
    pdf = client.post(visits, headers=rep, data=SITE,
                      files=[("photos", ("a.pdf", b"%PDF-1.7 xx", "application/pdf"))])
    assert pdf.status_code == 415, pdf.text
    assert pdf.headers["content-type"].startswith("application/problem+json")
    assert pdf.json()["field"] == "photos.0"
    big = client.post(visits, headers=rep, data=SITE,
                      files=[("photos", ("big.jpg", JPEG + b"\0" * (8 << 20), "image/jpeg"))])
    assert big.status_code == 413 and big.json()["field"] == "photos.0"
    assert client.post(visits, headers=rep, json={"latitude": 31.3}).status_code == 415
    assert client.get(visits, headers=rep).json()["items"] == []


def test_a_deal_opened_before_its_amount_was_known_gets_one_by_hand_until_it_closes(
        stack, client) -> None:
    rep = login(client, "rep05")
    opened = client.post("/api/v1/opportunities", headers=rep, json={
        "account_name": f"常州数控{uuid.uuid4().hex[:6]}有限公司", "title": "折弯机"})
    assert opened.status_code == 201 and opened.json()["amount_fen"] == 0
    path = f"/api/v1/opportunities/{opened.json()['id']}"
    changed = client.patch(path, headers=rep,
                           json={"amount_fen": 45_000_000, "title": "数控折弯机 2 台"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["amount_fen"], changed.json()["title"]) == (
        45_000_000, "数控折弯机 2 台")
    only_title = client.patch(path, headers=rep, json={"title": "数控折弯机 3 台"})
    assert (only_title.json()["amount_fen"], only_title.json()["title"]) == (
        45_000_000, "数控折弯机 3 台")
    for body, field in (({"amount_fen": -1}, "amount_fen"), ({"title": "  "}, "title"),
                        ({"owner_id": "rep06"}, "owner_id")):
        bad = client.patch(path, headers=rep, json=body)
        assert bad.status_code == 422 and bad.json()["field"] == field, bad.text
    assert client.patch(path, headers=login(client, "rep06"),
                        json={"amount_fen": 1}).status_code == 404  # not theirs to see
    assert client.post(f"{path}/stage", headers=rep,
                       json={"to": "lost", "reason": "预算取消"}).status_code == 200
    closed = client.patch(path, headers=rep, json={"amount_fen": 1})
    assert closed.status_code == 409 and "已" in closed.json()["detail"]
    assert client.get(path, headers=rep).json()["amount_fen"] == 45_000_000


def test_a_needs_record_saved_from_a_stale_copy_is_refused_instead_of_overwriting(
        stack, client) -> None:
    """The rep edits the needs on the laptop while the phone still shows the first
    version; the phone's save must not wipe out what the laptop saved."""
    laptop, phone = login(client, "rep04"), login(client, "rep04")
    deal = open_deal(client, laptop)
    needs = f"/api/v1/opportunities/{deal['id']}/needs"
    client.put(needs, headers=laptop, json={"equipment_type": "数控折弯机"})
    seen = client.get(needs, headers=phone)
    assert seen.headers["ETag"] == '"1"'
    saved = client.put(needs, headers=laptop | {"If-Match": seen.headers["ETag"]},
                       json={"equipment_type": "数控折弯机", "capacity": "每天 3 班"})
    assert saved.status_code == 200 and saved.headers["ETag"] == '"2"'
    stale = client.put(needs, headers=phone | {"If-Match": seen.headers["ETag"]},
                       json={"equipment_type": "激光切割机"})
    assert stale.status_code == 412, stale.text
    assert stale.headers["content-type"].startswith("application/problem+json")
    assert stale.json()["code"] == "precondition_failed" and "第 2 版" in stale.json()["detail"]
    assert client.get(needs, headers=phone).json()["capacity"] == "每天 3 班"
    # The same save retried after it went through is not a conflict with itself.
    again = client.put(needs, headers=laptop | {"If-Match": '"1"'},
                       json={"equipment_type": "数控折弯机", "capacity": "每天 3 班"})
    assert again.status_code == 200 and again.json()["version"] == 2
    bad = client.put(needs, headers=phone | {"If-Match": "latest"}, json={})
    assert bad.status_code == 422 and bad.json()["field"] == "If-Match"


def test_solution_design_opens_only_once_the_needs_record_is_complete(stack, client) -> None:
    rep = login(client, "rep03")
    deal = open_deal(client, rep)
    assert advance(client, rep, deal, "first_visit").status_code == 200
    assert advance(client, rep, deal, "needs_confirmed").status_code == 200
    refused = advance(client, rep, deal, "solution_design")
    assert refused.status_code == 409 and refused.json()["code"] == "gate_failed"
    assert [u["code"] for u in refused.json()["unmet"]] == ["needs_record_complete"]
    needs = f"/api/v1/opportunities/{deal['id']}/needs"
    assert client.get(needs, headers=rep).json()["version"] == 0
    half = client.put(needs, headers=rep, json={"equipment_type": "光纤激光切割机"})
    assert half.status_code == 200 and not half.json()["complete"]
    assert "预算区间" in half.json()["missing_labels"]
    bad = client.put(needs, headers=rep, json={"budget_min_fen": 9, "budget_max_fen": 1})
    assert bad.status_code == 422 and bad.json()["field"] == "budget_max_fen"
    full = client.put(needs, headers=rep, json={
        "equipment_type": "光纤激光切割机", "capacity": "每天 2 班", "site_constraints": "需 380V",
        "budget_min_fen": 60_000_000, "budget_max_fen": 90_000_000,
        "decision_makers": [{"name": "李总", "title": "生产副总"}],
        "competing_vendors": ["大族激光"],
        "must_have_parameters": [{"name": "切割厚度", "value": "20 mm 碳钢"}],
        "nonstandard_support": True, "nonstandard_request": "加长工作台 6 米"})
    assert full.status_code == 200 and full.json()["complete"], full.text
    moved = client.post(f"/api/v1/opportunities/{deal['id']}/stage", headers=rep,
                        json={"to": "solution_design"})
    assert moved.status_code == 200 and moved.json()["stage"] == "solution_design"


def test_the_days_route_orders_planned_visits_and_sums_the_kilometres(stack, client) -> None:
    rep = login(client, "rep04")
    deal = open_deal(client, rep)
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=2)).date().isoformat()
    stops = {"无锡": ("31.4912", "120.3119"), "上海": ("31.2304", "121.4737"),
             "苏州": ("31.2989", "120.5853")}
    for lat, lng in stops.values():
        planned = client.post(f"/api/v1/opportunities/{deal['id']}/visits", headers=rep,
                              data={"latitude": lat, "longitude": lng, "planned": "true",
                                    "planned_date": day})
        assert planned.status_code == 201 and planned.json()["state"] == "planned"
    route = client.get("/api/v1/me/route", headers=rep,
                       params={"date": day, "start_lat": 31.23, "start_lng": 121.6})
    assert route.status_code == 200, route.text
    body = route.json()
    assert [(str(s["visit"]["latitude"]), s["account_name"]) for s in body["stops"]] == [
        (stops[c][0], deal["account"]["name"]) for c in ("上海", "苏州", "无锡")]
    assert 0 < body["total_km"] < body["unoptimised_km"]
    assert client.get("/api/v1/me/route", headers=login(client, "rep05"),
                      params={"date": day}).json()["stops"] == []


def test_analytics_answer_in_scope_with_funnel_cycle_losses_and_weekly_activity(
        stack, client) -> None:
    rep = login(client, "rep05")
    deal = open_deal(client, rep)
    lost = client.post(f"/api/v1/opportunities/{deal['id']}/stage", headers=rep,
                       json={"to": "lost", "reason": "预算取消"})
    assert lost.status_code == 200
    director = login(client, "director")
    owner = {"owner": deal["owner_id"]}
    funnel = client.get("/api/v1/analytics/funnel", headers=director, params=owner).json()
    assert funnel["total"] >= 1 and funnel["lost"] >= 1
    assert [s["stage"] for s in funnel["stages"]] == [
        "lead", "first_visit", "needs_confirmed", "solution_design", "quote", "contract", "won"]
    assert client.get("/api/v1/analytics/funnel", headers=login(client, "rep06"),
                      params=owner).json()["total"] == 0
    reasons = client.get("/api/v1/analytics/lost-reasons", headers=rep).json()["reasons"]
    assert "预算取消" in [r["reason"] for r in reasons]
    cycle = client.get("/api/v1/analytics/cycle-time", headers=director).json()
    assert cycle["lead_to_won"]["stage"] == "lead_to_won" and len(cycle["stages"]) == 6
    activity = client.get("/api/v1/analytics/rep-activity", headers=director,
                          params={"from": "2026-01-01", "to": "2026-12-31"})
    assert activity.status_code == 200 and len(activity.json()["weeks"]) == 53
    rows = client.get("/api/v1/analytics/rep-activity", headers=rep).json()["reps"]
    assert [r["owner_id"] for r in rows] in ([], [deal["owner_id"]])
    assert all(len(r["visits"]) == len(r["stage_advances"]) >= 52 for r in rows)
    bad = client.get("/api/v1/analytics/funnel", headers=director, params={"from": "2026-1-1"})
    assert bad.status_code == 422 and bad.json()["field"] == "from"
    assert client.get("/api/v1/analytics/funnel",
                      headers=login(client, "eng1")).status_code == 403


def _every_deal(client: httpx.Client, headers: dict[str, str],
                params: dict[str, str]) -> list[dict[str, Any]]:
    found, cursor = [], ""
    while True:
        page = client.get("/api/v1/opportunities", headers=headers,
                          params={**params, "limit": "100", "cursor": cursor})
        assert page.status_code == 200, page.text
        found += page.json()["items"]
        if not (cursor := page.json()["next_cursor"]):
            return found


def test_the_director_lists_and_exports_exactly_the_deals_of_the_funnels_period(
        stack, client) -> None:
    """Monday review: the funnel of the last 90 days says N deals; the director asks the
    deal list and its export for the same days and gets those N, none made before."""
    director = login(client, "director")
    open_deal(client, login(client, "rep05"))
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    days = {"from": (today - timedelta(days=89)).isoformat(), "to": today.isoformat()}
    total = client.get("/api/v1/analytics/funnel", headers=director, params=days).json()["total"]
    period = {"created_from": days["from"], "created_to": days["to"]}
    listed = _every_deal(client, director, period)
    assert len(listed) == total >= 1
    assert len({d["id"] for d in listed}) == total
    sheet = client.get("/api/v1/opportunities/export.xlsx", headers=director, params=period)
    assert sheet.status_code == 200, sheet.text
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert len(rows) == total + 1  # the header row
    backwards = client.get("/api/v1/opportunities", headers=director, params={
        "created_from": days["to"], "created_to": days["from"]})
    assert backwards.status_code == 422 and backwards.json()["field"] == "created_from"
    bad = client.get("/api/v1/opportunities/export.xlsx", headers=director,
                     params={"created_to": "2100-01-01"})
    assert bad.status_code == 422 and bad.json()["field"] == "created_to"


def test_managers_download_the_numbers_as_one_workbook(stack, client) -> None:
    reply = client.get("/api/v1/analytics/export.xlsx", headers=login(client, "mgr-east"))
    assert reply.status_code == 200, reply.text
    book = load_workbook(BytesIO(reply.content), read_only=True)
    assert book.sheetnames == ["漏斗", "周期", "丢单原因", "销售活跃度"]
    funnel = list(book["漏斗"].iter_rows(values_only=True))
    assert funnel[1][0] == "线索" and funnel[-1][0] == "赢单率"


def test_a_check_in_time_off_the_calendar_is_refused_naming_it_and_records_nothing(
        stack, client) -> None:
    """A phone with a broken clock sends year 1 or 9999: 422 on `checked_in_at` (it was a
    500 that reset the connection), for a new visit and for checking in a planned one."""
    rep = login(client, "rep02")
    visits = f"/api/v1/opportunities/{open_deal(client, rep)['id']}/visits"
    for moment in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        bad = client.post(visits, headers=rep, data=SITE | {"checked_in_at": moment})
        assert bad.status_code == 422 and bad.json()["field"] == "checked_in_at", bad.text
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=1)).date().isoformat()
    planned = client.post(visits, headers=rep, data=SITE | {"planned": "true",
                                                            "planned_date": day}).json()
    late = client.post(f"{visits}/{planned['id']}/check-in", headers=rep,
                       data=SITE | {"checked_in_at": "0001-01-01T00:00:00+14:00"})
    assert late.status_code == 422 and late.json()["field"] == "checked_in_at", late.text
    assert [v["state"] for v in client.get(visits, headers=rep).json()["items"]] == ["planned"]


def test_a_check_in_far_from_the_planned_site_shows_the_manager_how_far(stack, client) -> None:
    """The rep planned tomorrow's visit at the customer's plant in Suzhou and checks in from
    Beijing: the check-in is kept (GPS and plans are not exact), but the planned site is no
    longer overwritten, and the manager reads the distance in the list and the sheet."""
    rep = login(client, "rep02")
    deal = open_deal(client, rep)
    visits = f"/api/v1/opportunities/{deal['id']}/visits"
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=1)).date().isoformat()
    planned = client.post(visits, headers=rep, data=SITE | {"planned": "true",
                                                            "planned_date": day}).json()
    assert planned["site_distance_km"] is None
    beijing = {"latitude": "39.9042", "longitude": "116.4074"}
    far = client.post(f"{visits}/{planned['id']}/check-in", headers=rep, data=beijing)
    assert far.status_code == 200, far.text
    assert (far.json()["latitude"], far.json()["site_latitude"]) == (39.9042, 31.2989)
    assert 950 < far.json()["site_distance_km"] < 1100
    on_site = client.post(visits, headers=rep, data=SITE).json()
    assert on_site["site_distance_km"] is None  # recorded on the spot: no plan to compare
    manager = login(client, "mgr-east")
    listed = {v["id"]: v for v in client.get(visits, headers=manager).json()["items"]}
    assert listed[planned["id"]]["site_distance_km"] == far.json()["site_distance_km"]
    rows = list(load_workbook(BytesIO(client.get(f"{visits}/export.xlsx", headers=manager)
                                      .content), read_only=True).active.iter_rows(
        values_only=True))
    assert rows[0][10] == "距计划地点(公里)"
    assert [(r + (None,) * 11)[10] for r in rows[1:]] == [None, far.json()["site_distance_km"]]


def test_a_manager_files_a_reps_visit_report_only_saying_so_and_the_visit_stays_hers(
        stack, client) -> None:
    """rep02 visited and phoned her report in to mgr-east. He may file it for her with
    `on_behalf` (without it: 422 naming the field); the visit and its report stay hers,
    the list and the sheet show he filed it. He cannot check in a visit she planned."""
    rep, manager = login(client, "rep02"), login(client, "mgr-east")
    deal = open_deal(client, rep)
    visits = f"/api/v1/opportunities/{deal['id']}/visits"
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=1)).date().isoformat()
    planned = client.post(visits, headers=rep, data=SITE | {"planned": "true",
                                                            "planned_date": day}).json()
    taken = client.post(f"{visits}/{planned['id']}/check-in", headers=manager, data=SITE)
    assert taken.status_code == 403, taken.text
    assert taken.headers["content-type"].startswith("application/problem+json")
    visit = client.post(visits, headers=rep, data=SITE).json()
    report = {"report": "客户确认预算 120 万，下周技术交流"}
    unsaid = client.post(f"{visits}/{visit['id']}/report", headers=manager, json=report)
    assert unsaid.status_code == 422 and unsaid.json()["field"] == "on_behalf", unsaid.text
    assert "rep02" in unsaid.json()["detail"]
    assert client.post(f"{visits}/{visit['id']}/report", headers=login(client, "rep07"),
                       json=report | {"on_behalf": True}).status_code == 404
    filed = client.post(f"{visits}/{visit['id']}/report", headers=manager,
                        json=report | {"on_behalf": True})
    assert filed.status_code == 200, filed.text
    me = client.get("/api/v1/me", headers=rep).json()
    assert (filed.json()["rep_id"], filed.json()["state"], filed.json()["first"]) == (
        me["id"], "reported", True)
    assert (filed.json()["reported_by_username"], filed.json()["on_behalf"]) == (
        "mgr-east", True)
    detail = client.get(f"/api/v1/opportunities/{deal['id']}", headers=rep).json()
    assert [(v["rep_username"], v["on_behalf"]) for v in detail["activities"]
            if v["id"] == visit["id"]] == [("rep02", True)]
    boss = client.get("/api/v1/me", headers=manager).json()["display_name"]
    rows = list(load_workbook(BytesIO(client.get(f"{visits}/export.xlsx", headers=rep)
                                      .content), read_only=True).active.iter_rows(
        values_only=True))
    assert rows[0][11] == "代为提交报告"
    assert {r[6]: (r + (None,) * 12)[11] for r in rows[1:]}[report["report"]] == boss
