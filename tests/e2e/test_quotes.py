"""Products, quotes and recommendations through the gateway, every process running: a rep
quotes a deal in integer fen, a discount above the rep's limit waits for the region's
manager, issuing reaches finance at once (pipeline.quote_issued through the outbox), the
customer accepts the current version, the quote exports to .xlsx, and the deal shows what
similar customers also chose."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import openpyxl
import pytest

from tests.e2e.channels import _query
from tests.e2e.deal_path import walk_to
from tests.e2e.helpers import eventually, login

pytestmark = pytest.mark.e2e
SCALE = "200_1000"


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as c:
        yield c


def open_deal(client: httpx.Client, rep: dict[str, str], industry: str = "食品饮料") -> str:
    opened = client.post("/api/v1/opportunities", headers=rep, json={
        "account_name": f"佛山包装{uuid.uuid4().hex[:8]}有限公司", "title": "码垛线改造",
        "industry": industry, "scale": SCALE})
    assert opened.status_code == 201, opened.text
    walk_to(client, rep, opened.json()["id"], "solution_design")  # quoted from 方案设计 on
    return opened.json()["id"]


def make_quote(client: httpx.Client, who: dict[str, str], deal: str, *codes: str,
               discount_bp: int = 0, key: str | None = None) -> httpx.Response:
    headers = who | ({"Idempotency-Key": key} if key else {})
    lines = [{"product_code": c, "quantity": 1} for c in codes or ("PAL-R200", "OPT-MON")]
    return client.post(f"/api/v1/opportunities/{deal}/quotes", headers=headers,
                       json={"lines": lines, "discount_bp": discount_bp})


def test_issued_quote_reaches_finance_at_once_and_exports_in_yuan(stack, client) -> None:
    rep, finance = login(client, "rep01"), login(client, "finance")
    deal = open_deal(client, rep)
    made = make_quote(client, rep, deal, "PAL-R200", "opt-mon", discount_bp=333, key="e2e-q1")
    assert made.status_code == 201, made.text
    quote = made.json()
    assert make_quote(client, rep, deal, "PAL-R200", "opt-mon", discount_bp=333,
                      key="e2e-q1").json()["id"] == quote["id"]   # a retry: the same quote
    assert (quote["version"], quote["state"], quote["approval"]) == (1, "draft", "none")
    # 59,500,000 fen × 3.33 % = 1,981,350 fen exactly
    assert (quote["subtotal_fen"], quote["discount_fen"], quote["total_fen"]) == (
        59_500_000, 1_981_350, 57_518_650)
    assert client.get(f"/api/v1/quotes/{quote['id']}", headers=finance).status_code == 404
    issued = client.post(f"/api/v1/quotes/{quote['id']}/issue", headers=rep)
    assert issued.status_code == 200 and issued.json()["state"] == "issued", issued.text
    listed = client.get("/api/v1/quotes", params={"state": "issued", "opportunity_id": deal},
                        headers=finance).json()["items"]
    assert [q["id"] for q in listed] == [quote["id"]]
    eventually(lambda: _query(stack.database_url,
                              "SELECT published_at IS NOT NULL FROM pipeline.outbox WHERE "
                              "aggregate_id = $1 AND type = 'pipeline.quote_issued'", deal),
               timeout=30)
    detail = client.get(f"/api/v1/opportunities/{deal}", headers=rep).json()
    assert [q["id"] for q in detail["quotes"]] == [quote["id"]]
    assert detail["amount_fen"] == 57_518_650 and detail["account"]["scale"] == SCALE
    sheet = client.get(f"/api/v1/quotes/{quote['id']}/export.xlsx", headers=finance)
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith(
        "application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.values)
    header = rows.index(("序号", "产品编码", "产品名称", "类型", "单位", "数量", "单价（元）",
                         "金额（元）"))
    assert rows[header + 1][1:3] == ("PAL-R200", "码垛机器人 R200")
    assert [r[-1] for r in rows[-3:]] == [595_000, -19_813.5, 575_186.5]
    assert rows[-1][-2] == "合计（元）"
    listed = client.get("/api/v1/quotes/export.xlsx", headers=finance,
                        params={"opportunity_id": deal, "state": "issued"})
    assert listed.status_code == 200, listed.text
    table = list(openpyxl.load_workbook(io.BytesIO(listed.content)).active.values)
    assert table[0][:3] == ("客户", "商机", "版本") and len(table) == 2
    assert (table[1][2], table[1][3], table[1][8]) == (1, "已发出", 575_186.5)


def test_a_discount_above_the_reps_limit_waits_for_the_regions_manager(client) -> None:
    rep = login(client, "rep02")
    deal = open_deal(client, rep)
    pending = make_quote(client, rep, deal, discount_bp=1_000).json()
    assert (pending["approval"], pending["approval_role"]) == ("pending", "manager")
    early = client.post(f"/api/v1/quotes/{pending['id']}/issue", headers=rep)
    assert early.status_code == 409 and early.headers["content-type"].startswith(
        "application/problem+json")
    waiting = client.get("/api/v1/quotes", params={"approval": "pending"},
                         headers=login(client, "mgr-east")).json()["items"]
    assert pending["id"] in {q["id"] for q in waiting}
    path = f"/api/v1/quotes/{pending['id']}/discount-approval"
    assert client.post(path, json={"decision": "approve"}, headers=rep).status_code == 403
    assert client.post(path, json={"decision": "approve"},
                       headers=login(client, "mgr-south")).status_code == 404
    approved = client.post(path, json={"decision": "approve"}, headers=login(client, "mgr-east"))
    assert approved.status_code == 200 and approved.json()["approval"] == "approved"
    assert client.post(f"/api/v1/quotes/{pending['id']}/issue", headers=rep).status_code == 200
    beyond = make_quote(client, rep, deal, discount_bp=3_500)
    assert beyond.status_code == 422 and beyond.json()["field"] == "discount_bp", beyond.text
    versions = client.get("/api/v1/quotes", params={"opportunity_id": deal}, headers=rep).json()
    assert [q["version"] for q in versions["items"]] == [1]   # nothing was written


def test_the_pending_list_shows_who_must_act_as_manager_and_director(client) -> None:
    """The manager's to-do list showed a 20 % discount they were then refused (403): only a
    director's 30 % covers it. Each item now says whether the caller decides it or whom it
    waits for, and acting agrees with what the list said."""
    rep, manager, director = (login(client, u) for u in ("rep02", "mgr-east", "director"))
    mine = make_quote(client, rep, open_deal(client, rep), discount_bp=1_000).json()
    above = make_quote(client, rep, open_deal(client, rep), discount_bp=2_000).json()

    def pending(who: dict[str, str]) -> dict[str, tuple[bool, str | None]]:
        items = client.get("/api/v1/quotes", params={"approval": "pending", "limit": 100},
                           headers=who).json()["items"]
        return {q["id"]: (q["can_decide"], q["waiting_for"]) for q in items
                if q["id"] in (mine["id"], above["id"])}

    assert pending(manager) == {mine["id"]: (True, "待您审批"),
                                above["id"]: (False, "等待总监审批")}
    assert pending(director) == {mine["id"]: (True, "待您审批"),
                                 above["id"]: (True, "待您审批")}
    decide = {"decision": "approve"}
    refused = client.post(f"/api/v1/quotes/{above['id']}/discount-approval", json=decide,
                          headers=manager)
    assert refused.status_code == 403, refused.text
    for quote, who in ((mine, manager), (above, director)):
        done = client.post(f"/api/v1/quotes/{quote['id']}/discount-approval", json=decide,
                           headers=who)
        assert done.status_code == 200 and done.json()["approval"] == "approved", done.text
    assert pending(manager) == {}


def test_only_the_current_issued_version_is_accepted(client) -> None:
    rep = login(client, "rep03")
    deal = open_deal(client, rep)
    first = make_quote(client, rep, deal).json()
    client.post(f"/api/v1/quotes/{first['id']}/issue", headers=rep)
    second = make_quote(client, rep, deal, "PAL-R200").json()
    assert client.get(f"/api/v1/quotes/{first['id']}", headers=rep).json()["state"] == (
        "superseded")
    stale = client.post(f"/api/v1/quotes/{first['id']}/accept", headers=rep)
    assert stale.status_code == 409, stale.text
    assert client.post(f"/api/v1/quotes/{second['id']}/accept", headers=rep).status_code == 409
    client.post(f"/api/v1/quotes/{second['id']}/issue", headers=rep)
    walk_to(client, rep, deal, "quote")  # the customer accepts a price in 报价
    accepted = client.post(f"/api/v1/quotes/{second['id']}/accept", headers=rep)
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    closed = make_quote(client, rep, deal, "PAL-R200")   # contracts build on the accepted one
    assert closed.status_code == 409, closed.text


def test_bad_lines_name_the_field_and_strangers_see_nothing(client) -> None:
    rep = login(client, "rep04")
    deal = open_deal(client, rep)
    unknown = make_quote(client, rep, deal, "PAL-R200", "NOPE-1")
    assert unknown.status_code == 422 and unknown.json()["field"] == "lines.1.product_code"
    lonely = make_quote(client, rep, deal, "AGV-500", "OPT-GRP")
    assert lonely.status_code == 422 and "PAL-R200" in lonely.json()["detail"]
    quote = make_quote(client, rep, deal).json()
    wrong_scale = client.post("/api/v1/opportunities", headers=rep, json={
        "account_name": "某某机械有限公司", "title": "x", "scale": "huge"})
    assert wrong_scale.status_code == 422 and wrong_scale.json()["field"] == "scale"
    stranger = login(client, "rep05")
    assert client.get(f"/api/v1/quotes/{quote['id']}", headers=stranger).status_code == 404
    assert make_quote(client, stranger, deal).status_code == 404


def test_admins_keep_the_catalogue_everyone_reads_it(client) -> None:
    admin, rep = login(client, "admin"), login(client, "rep01")
    listed = client.get("/api/v1/products", params={"kind": "service"}, headers=rep).json()
    assert {"SVC-RMT", "SVC-WAR"} <= {p["code"] for p in listed["items"]}
    code = f"opt-{uuid.uuid4().hex[:6]}"
    body = {"code": code, "kind": "option", "name": "称重模块", "list_price_fen": 1_200_000,
            "fits": ["CONV-100"]}
    assert client.post("/api/v1/products", json=body, headers=rep).status_code == 403
    made = client.post("/api/v1/products", json=body, headers=admin)
    assert made.status_code == 201 and made.json()["code"] == code.upper(), made.text
    assert client.post("/api/v1/products", json=body | {"name": "别的"},
                       headers=admin).status_code == 409
    changed = client.put(f"/api/v1/products/{code}", headers=admin, json={
        "name": "称重模块 Pro", "list_price_fen": 1_500_000, "fits": ["CONV-100"]})
    assert changed.json()["list_price_fen"] == 1_500_000, changed.text
    retired = client.delete(f"/api/v1/products/{code}", headers=admin)
    assert retired.status_code == 200 and retired.json()["active"] is False
    bad = client.post("/api/v1/products", headers=admin, json=body | {
        "code": "OPT-BAD1", "fits": ["SVC-RMT"]})
    assert bad.status_code == 422 and bad.json()["field"] == "fits.0"
    book = client.get("/api/v1/products/export.xlsx", headers=rep)
    catalogue = list(openpyxl.load_workbook(io.BytesIO(book.content)).active.values)
    assert catalogue[0][0] == "产品编码" and ("SVC-RMT" in {r[0] for r in catalogue})
    assert next(r for r in catalogue if r[0] == "OPT-MON")[4] == 35_000
    limits = client.get("/api/v1/discount-limits", headers=rep).json()["limits"]
    assert {x["role"]: x["max_bp"] for x in limits}["rep"] == 500


def test_recommendations_show_what_similar_customers_chose(stack, client) -> None:
    rep = login(client, "rep06")
    industry = f"饮料{uuid.uuid4().hex[:6]}"
    for extras in [("OPT-MON", "SVC-RMT")] * 4 + [("OPT-MON",), ("SVC-WAR",)]:
        deal = open_deal(client, rep, industry)
        quote = make_quote(client, rep, deal, "PAL-R200", *extras).json()
        client.post(f"/api/v1/quotes/{quote['id']}/issue", headers=rep)
        walk_to(client, rep, deal, "quote")
        assert client.post(f"/api/v1/quotes/{quote['id']}/accept",
                           headers=rep).status_code == 200
        # Winning a deal needs the contract slice; the rule reads only the won status.
        _query(stack.database_url, "UPDATE pipeline.opportunities SET status = 'won', "
               "stage = 'won' WHERE id = $1", uuid.UUID(deal))
    mine = open_deal(client, rep, industry)
    make_quote(client, rep, mine, "PAL-R200")
    found = client.get(f"/api/v1/opportunities/{mine}/recommendations", headers=rep)
    assert found.status_code == 200, found.text
    body: dict[str, Any] = found.json()
    assert (body["basis"], body["peer_deals"]) == ("industry_scale", 6)
    assert [i["product"]["code"] for i in body["items"]] == ["OPT-MON", "SVC-RMT"]
    top = body["items"][0]
    assert (top["confidence"], top["support"], top["because_of"]) == (0.8333, 0.8333,
                                                                      "PAL-R200")
    assert top["explanation"] == "6 个购买码垛机器人 R200的同类客户中 83% 选择了监控模块"
    assert set(top) >= {"product", "confidence", "lift", "support", "explanation"}
    stranger = login(client, "rep07")
    assert client.get(f"/api/v1/opportunities/{mine}/recommendations",
                      headers=stranger).status_code == 404


def test_admin_raises_the_reps_limit_and_the_next_quote_needs_no_approval(client) -> None:
    admin, rep = login(client, "admin"), login(client, "rep05")
    raise_rep = {"limits": [{"role": "rep", "max_bp": 800}]}
    assert client.put("/api/v1/discount-limits", json=raise_rep,
                      headers=login(client, "director")).status_code == 403
    deal = open_deal(client, rep)
    try:
        changed = client.put("/api/v1/discount-limits", json=raise_rep, headers=admin)
        assert changed.status_code == 200, changed.text
        assert {x["role"]: x["max_bp"] for x in changed.json()["limits"]} == {
            "rep": 800, "manager": 1_500, "director": 3_000}
        assert make_quote(client, rep, deal, discount_bp=700).json()["approval"] == "none"
    finally:
        client.put("/api/v1/discount-limits", headers=admin,
                   json={"limits": [{"role": "rep", "max_bp": 500}]})
    assert make_quote(client, rep, deal, discount_bp=700).json()["approval"] == "pending"
    bad = client.put("/api/v1/discount-limits", headers=admin,
                     json={"limits": [{"role": "rep", "max_bp": 10_001}]})
    assert bad.status_code == 422 and bad.json()["field"] == "limits.0.max_bp"


def test_an_away_managers_delegate_decides_a_10_percent_quote_and_sees_only_that(
        client) -> None:
    """QA #13: mgr-east is away (delegated to mgr-south); rep01's 10 % quote waits for 经理审批.
    mgr-south finds it on his 待审批 list, reads and approves it; the deal stays 404 to him;
    mgr-east, back, is told the discount was already decided (the first decision counts)."""
    rep, east, south = (login(client, u) for u in ("rep01", "mgr-east", "mgr-south"))
    deal = open_deal(client, rep)
    quote = make_quote(client, rep, deal, discount_bp=1000).json()
    assert (quote["approval"], quote["can_decide"]) == ("pending", False)
    path = f"/api/v1/quotes/{quote['id']}"
    assert client.get(path, headers=south).status_code == 404
    south_id = client.get("/api/v1/me", headers=south).json()["id"]
    until = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    delegated = client.put("/api/v1/me/delegation", headers=east,
                           json={"to_user_id": south_id, "until": until})
    assert delegated.status_code == 200, delegated.text
    try:
        seen = client.get(path, headers=south)
        assert seen.status_code == 200, seen.text
        assert (seen.json()["can_decide"], seen.json()["waiting_for"]) == (True, "待您审批")
        # The rep reads whom to chase; mgr-east, back early, still finds it to decide.
        south_name = client.get("/api/v1/me", headers=south).json()["display_name"]
        assert client.get(path, headers=rep).json()["waiting_for"] == (
            f"等待经理审批（由 {south_name} 代理）")
        on_deal = client.get(f"/api/v1/opportunities/{deal}", headers=rep).json()["quotes"]
        assert [q["waiting_for"] for q in on_deal] == [f"等待经理审批（由 {south_name} 代理）"]
        mine = client.get("/api/v1/quotes", params={"approval": "pending"}, headers=east)
        assert [(q["can_decide"], q["waiting_for"]) for q in mine.json()["items"]
                if q["id"] == quote["id"]] == [(True, "待您审批")]
        todo = client.get("/api/v1/quotes", params={"approval": "pending"}, headers=south)
        assert quote["id"] in [q["id"] for q in todo.json()["items"]]
        assert client.get(f"/api/v1/opportunities/{deal}", headers=south).status_code == 404
        decided = client.post(f"{path}/discount-approval", headers=south,
                              json={"decision": "approve", "comment": "代 mgr-east 审批"})
        assert decided.status_code == 200, decided.text
        assert (decided.json()["approval"], decided.json()["decided_by"]) == (
            "approved", south_id)
        late = client.post(f"{path}/discount-approval", headers=east,
                           json={"decision": "reject", "comment": "折扣过高"})
        assert late.status_code == 409, late.text
        assert client.post(f"{path}/issue", headers=rep).json()["state"] == "issued"
    finally:
        ended = client.put("/api/v1/me/delegation", headers=east, json={"to_user_id": None})
        assert ended.status_code == 200, ended.text


def test_a_waiting_discount_asks_its_approvers_and_the_first_decision_withdraws_the_rest(
        client) -> None:
    """mgr-east is away, his approvals delegated to mgr-south. rep01's 10 % quote waits for
    a manager: both are asked 「报价折扣待您审批」, linked to the quote, without polling the
    list. mgr-south approves: mgr-east's item is withdrawn naming him, the rep reads the
    decision, and the quote can go."""
    rep, east, south = (login(client, u) for u in ("rep01", "mgr-east", "mgr-south"))
    south_id = client.get("/api/v1/me", headers=south).json()["id"]
    until = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    delegated = client.put("/api/v1/me/delegation", headers=east,
                           json={"to_user_id": south_id, "until": until})
    assert delegated.status_code == 200, delegated.text
    try:
        quote = make_quote(client, rep, open_deal(client, rep), discount_bp=1000).json()
        link = f"/quotes/{quote['id']}"

        def told(who: dict[str, str], kind: str, state: str = "") -> dict[str, Any] | None:
            page = client.get("/api/v1/notifications", headers=who,
                              params={"limit": 100} | ({"state": state} if state else {}))
            assert page.status_code == 200, page.text
            return next((i for i in page.json()["items"]
                         if i["kind"] == kind and i["link"] == link), None)

        asked = "discount_approval_requested"
        for approver in (east, south):
            item = eventually(lambda a=approver: told(a, asked, "open"))
            assert item["title"].startswith("报价折扣待您审批：") and "10.00%" in item["title"]
        assert told(rep, asked) is None
        decided = client.post(f"/api/v1/quotes/{quote['id']}/discount-approval", headers=south,
                              json={"decision": "approve"})
        assert decided.status_code == 200, decided.text
        gone = eventually(lambda: told(east, asked, "withdrawn"))
        south_name = client.get("/api/v1/me", headers=south).json()["display_name"]
        assert gone["body"].startswith(f"已撤回：该折扣已由 {south_name} 处理。")
        assert told(east, asked, "open") is None and told(south, asked)["withdrawn_at"] is None
        news = eventually(lambda: told(rep, "discount_decided"))
        assert news["title"].startswith("报价折扣已批准：")
        assert client.post(f"/api/v1/quotes/{quote['id']}/issue", headers=rep).status_code == 200
    finally:
        ended = client.put("/api/v1/me/delegation", headers=east, json={"to_user_id": None})
        assert ended.status_code == 200, ended.text


def test_a_revised_quote_takes_its_discount_out_of_the_managers_open_inbox(client) -> None:
    rep, manager = login(client, "rep02"), login(client, "mgr-east")
    deal = open_deal(client, rep)
    first = make_quote(client, rep, deal, discount_bp=1_000).json()

    def item(state: str) -> dict[str, Any] | None:
        page = client.get("/api/v1/notifications", headers=manager,
                          params={"limit": 100, "state": state}).json()["items"]
        return next((i for i in page if i["link"] == f"/quotes/{first['id']}"), None)

    eventually(lambda: item("open"))
    assert make_quote(client, rep, deal, discount_bp=400).status_code == 201  # within limit
    gone = eventually(lambda: item("withdrawn"))
    assert gone["body"].startswith("已撤回：报价已有新版本，该折扣无需再审批。")
    bad = client.get("/api/v1/notifications", headers=manager, params={"state": "unread"})
    assert bad.status_code == 422 and bad.json()["field"] == "state", bad.text


def test_with_every_director_away_the_rep_reads_who_holds_a_directors_discount(
        client) -> None:
    """rep01's 20 % discount waits for a director. 王建国 away (to mgr-south, whose 15 %
    cannot take it) changes nothing while 赵德胜 and 陈志远 are in; once they are away too,
    both delegated to 王建国, the rep's quote and deal name him, and he finds it to decide."""
    rep, south = login(client, "rep01"), login(client, "mgr-south")
    away = {u: login(client, u) for u in ("director", "vp", "gm")}
    ids = {u: client.get("/api/v1/me", headers=h).json()["id"]
           for u, h in (*away.items(), ("mgr-south", south))}
    deal = open_deal(client, rep)
    quote = make_quote(client, rep, deal, discount_bp=2000).json()
    path = f"/api/v1/quotes/{quote['id']}"
    until = (datetime.now(UTC) + timedelta(days=2)).isoformat()

    def delegate(who: str, to: str) -> None:
        done = client.put("/api/v1/me/delegation", headers=away[who],
                          json={"to_user_id": ids[to], "until": until})
        assert done.status_code == 200, done.text

    try:
        delegate("director", "mgr-south")
        assert client.get(path, headers=rep).json()["waiting_for"] == "等待总监审批"
        delegate("vp", "director")
        delegate("gm", "director")
        held = "等待总监审批（由 王建国 代理）"
        assert client.get(path, headers=rep).json()["waiting_for"] == held
        on_deal = client.get(f"/api/v1/opportunities/{deal}", headers=rep).json()["quotes"]
        assert [q["waiting_for"] for q in on_deal] == [held]
        todo = client.get("/api/v1/quotes", params={"approval": "pending"},
                          headers=away["director"]).json()["items"]
        assert [(q["can_decide"], q["waiting_for"]) for q in todo
                if q["id"] == quote["id"]] == [(True, "待您审批")]
        assert client.get(path, headers=south).status_code == 404   # not his to hold
    finally:
        for who in away:
            ended = client.put("/api/v1/me/delegation", headers=away[who],
                               json={"to_user_id": None})
            assert ended.status_code == 200, ended.text
    assert client.get(path, headers=rep).json()["waiting_for"] == "等待总监审批"


def test_a_deal_is_quoted_once_its_solution_is_designed_and_the_approval_ticks_itself(
    client,
) -> None:
    """A rep quoting a deal still in 线索 is told where the deal is and where quoting
    starts; 报价内部审批 is the manager's approval, ticked by the system, not a rep's click."""
    rep, manager = login(client, "rep04"), login(client, "mgr-east")
    opened = client.post("/api/v1/opportunities", headers=rep, json={
        "account_name": f"佛山包装{uuid.uuid4().hex[:8]}有限公司", "title": "码垛线改造"})
    deal = opened.json()["id"]
    early = make_quote(client, rep, deal, discount_bp=1_000)
    assert early.status_code == 409, early.text
    assert early.headers["content-type"].startswith("application/problem+json")
    # Labels are the deal's process version's; the process-admin stories relabel 线索.
    assert "「线索" in early.json()["detail"] and "「方案设计" in early.json()["detail"]
    walk_to(client, rep, deal, "solution_design")
    quote = make_quote(client, rep, deal, discount_bp=1_000).json()  # waits for the manager
    path = f"/api/v1/opportunities/{deal}"
    step = next(s for s in client.get(path, headers=rep).json()["steps"]
                if s["id"] == "approve_quote")
    assert (step["done"], step["by_system"]) == (False, True)
    decided = client.post(f"/api/v1/quotes/{quote['id']}/discount-approval", headers=manager,
                          json={"decision": "approve"})
    assert decided.status_code == 200, decided.text
    step = next(s for s in client.get(path, headers=rep).json()["steps"]
                if s["id"] == "approve_quote")
    assert (step["done"], step["done_by"]) == (True, me_id(client, manager))
    assert client.post(f"/api/v1/quotes/{quote['id']}/issue", headers=rep).is_success
    walk_to(client, rep, deal, "quote")
    clicked = client.post(f"{path}/steps/approve_quote", headers=rep)
    assert clicked.status_code == 409 and "系统自动勾选" in clicked.json()["detail"]


def me_id(client: httpx.Client, headers: dict[str, str]) -> str:
    return client.get("/api/v1/me", headers=headers).json()["id"]


def test_a_deal_sent_back_neither_sends_nor_accepts_its_quote_until_it_comes_forward(
    client,
) -> None:
    """The customer changes the line's capacity while the rep prepares the quote: the
    region's manager sends the deal back to 需求确认. The draft made for the old solution
    cannot go out, and once the redone solution's quote is out the customer accepts it
    in 报价, not before: a 409 naming where the deal is and where that happens."""
    rep, manager = login(client, "rep04"), login(client, "mgr-east")
    deal = open_deal(client, rep)
    path = f"/api/v1/opportunities/{deal}"
    draft = make_quote(client, rep, deal).json()
    back = client.post(f"{path}/stage", headers=manager,
                       json={"to": "needs_confirmed", "reason": "客户产能改为每小时 2,000 箱"})
    assert back.status_code == 200 and back.json()["stage"] == "needs_confirmed", back.text
    unsent = client.post(f"/api/v1/quotes/{draft['id']}/issue", headers=rep)
    assert unsent.status_code == 409, unsent.text
    assert unsent.headers["content-type"].startswith("application/problem+json")
    assert unsent.json()["detail"] == ("商机当前处于「需求确认」阶段，"
                                       "发出报价须在「方案设计」阶段或之后进行")
    assert client.get(f"/api/v1/quotes/{draft['id']}", headers=rep).json()["state"] == "draft"
    walk_to(client, rep, deal, "solution_design")  # the solution redone for 2,000 箱
    assert client.post(f"/api/v1/quotes/{draft['id']}/issue", headers=rep).is_success
    early = client.post(f"/api/v1/quotes/{draft['id']}/accept", headers=rep)
    assert early.status_code == 409, early.text
    assert early.json()["detail"] == ("商机当前处于「方案设计」阶段，"
                                      "客户接受报价须在「报价」阶段或之后进行")
    walk_to(client, rep, deal, "quote")
    accepted = client.post(f"/api/v1/quotes/{draft['id']}/accept", headers=rep)
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted", accepted.text


def test_a_discount_follows_its_deal_back_and_forward_and_its_approvers_delegations(
        client) -> None:
    """rep03's 10 % waits for mgr-east, who then leaves and delegates to mgr-south: mgr-south
    is asked at once. The customer's needs change and the deal goes back to 需求确认: nobody
    can decide the discount now, so both asks are withdrawn as paused. The redone solution
    brings the deal to 方案设计 again with the same quote: both are asked again. mgr-east,
    back, ends the delegation: mgr-south's ask is withdrawn, and mgr-east approves."""
    rep, east, south = (login(client, u) for u in ("rep03", "mgr-east", "mgr-south"))
    deal = open_deal(client, rep)
    quote = make_quote(client, rep, deal, discount_bp=1000).json()
    link, asked = f"/quotes/{quote['id']}", "discount_approval_requested"

    def items(who: dict[str, str], state: str) -> list[dict[str, Any]]:
        page = client.get("/api/v1/notifications", headers=who,
                          params={"limit": 100, "state": state})
        assert page.status_code == 200, page.text
        return [i for i in page.json()["items"] if i["kind"] == asked and i["link"] == link]

    eventually(lambda: items(east, "open"))
    until = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    delegated = client.put("/api/v1/me/delegation", headers=east,
                           json={"to_user_id": me_id(client, south), "until": until})
    assert delegated.status_code == 200, delegated.text
    try:
        eventually(lambda: items(south, "open"))  # asked though named after the ask
        back = client.post(f"/api/v1/opportunities/{deal}/stage", headers=east,
                           json={"to": "needs_confirmed", "reason": "客户要求改为双工位"})
        assert back.status_code == 200, back.text
        for approver in (east, south):
            [paused] = eventually(lambda a=approver: items(a, "withdrawn"))
            assert paused["body"].startswith("已撤回：商机已退回，折扣审批暂停。")
            assert items(approver, "open") == []

        walk_to(client, rep, deal, "solution_design")
        for approver in (east, south):
            eventually(lambda a=approver: items(a, "open"))
        ended = client.put("/api/v1/me/delegation", headers=east, json={"to_user_id": None})
        assert ended.status_code == 200, ended.text
        eventually(lambda: len(items(south, "withdrawn")) == 2 and not items(south, "open"))
        handed = [i["body"] for i in items(south, "withdrawn")]
        assert any(b.startswith("已撤回：该折扣已转由他人审批。") for b in handed), handed
        approved = client.post(f"/api/v1/quotes/{quote['id']}/discount-approval",
                               headers=east, json={"decision": "approve"})
        assert approved.status_code == 200 and approved.json()["approval"] == "approved"
    finally:
        client.put("/api/v1/me/delegation", headers=east, json={"to_user_id": None})
