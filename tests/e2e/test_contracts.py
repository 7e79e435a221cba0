"""Contracts through the gateway, every process running: drafted from an accepted quote,
versions compared clause by clause, approved in order by the people the matrix names (and
by nobody else), delegated while away, signed by the customer through the one-time link
with the SMS code, and verified against the signed hash."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import Any

import asyncpg
import httpx
import pytest
from openpyxl import load_workbook
from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.events.v1.envelope_pb2 import Envelope

from tests.e2e.deal_path import NEEDS, advance, walk_to
from tests.e2e.helpers import eventually, login

pytestmark = pytest.mark.e2e
TERMS = {"payment_terms": "预付 30%，发货前付清", "delivery_date": "2030-03-01",
         "warranty_months": 12, "penalties": "逾期交货每日 0.05%"}


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def me(client: httpx.Client, headers: dict[str, str]) -> str:
    return client.get("/api/v1/me", headers=headers).json()["id"]


# 630,000 CNY: the region's manager, then the VP (from 500,000 CNY).
BIG_DEAL = [{"product_code": "PAL-R200", "quantity": 1}, {"product_code": "OPT-MON", "quantity": 2}]
# 180,000 CNY: the region's manager alone, at its quote's total, at 175,000 (2.78 % off,
# within a rep's 5 %) or at any price above it below 500,000.
SMALL_DEAL = [{"product_code": "AGV-500", "quantity": 1}]


def accepted_quote(client: httpx.Client, rep: dict[str, str],
                   lines: list[dict[str, Any]] = BIG_DEAL) -> tuple[str, dict[str, Any]]:
    deal = client.post("/api/v1/opportunities", headers=rep, json={
        "account_name": f"佛山包装{uuid.uuid4().hex[:6]}有限公司", "title": "码垛线 1 条"})
    assert deal.status_code == 201, deal.text
    walk_to(client, rep, deal.json()["id"], "solution_design")  # the solution is designed
    quote = client.post(f"/api/v1/opportunities/{deal.json()['id']}/quotes", headers=rep,
                        json={"lines": lines})
    assert quote.status_code == 201, quote.text
    issued = client.post(f"/api/v1/quotes/{quote.json()['id']}/issue", headers=rep)
    assert issued.status_code == 200, issued.text
    walk_to(client, rep, deal.json()["id"], "quote")  # accepted, and contracted, in 报价
    accepted = client.post(f"/api/v1/quotes/{quote.json()['id']}/accept", headers=rep)
    assert accepted.status_code == 200, accepted.text
    return deal.json()["id"], quote.json()


def draft(client: httpx.Client, rep: dict[str, str], lines: list[dict[str, Any]] = BIG_DEAL,
          **terms: Any) -> dict[str, Any]:
    deal_id, quote = accepted_quote(client, rep, lines)
    made = client.post(f"/api/v1/opportunities/{deal_id}/contracts", headers=rep,
                       json={"quote_id": quote["id"], **TERMS, **terms})
    assert made.status_code == 201, made.text
    return made.json()


def test_a_contract_from_an_accepted_quote_is_versioned_and_its_clauses_compared(
    client,
) -> None:
    rep = login(client, "rep03")
    deal_id, quote = accepted_quote(client, rep)
    path = f"/api/v1/opportunities/{deal_id}/contracts"
    body = {"quote_id": quote["id"], **TERMS}
    key = {"Idempotency-Key": f"contract-{deal_id}"}
    made = client.post(path, headers=rep | key, json=body)
    assert made.status_code == 201, made.text
    assert client.post(path, headers=rep | key, json=body).json()["id"] == made.json()["id"]
    contract = made.json()
    assert (contract["status"], contract["status_label"], contract["current_version"]) == (
        "draft", "草稿", 1)
    assert contract["terms"]["price_fen"] == quote["total_fen"]
    revised = client.put(f"/api/v1/contracts/{contract['id']}/terms", headers=rep,
                         json=TERMS | {"warranty_months": 24, "delivery_date": "2030-04-15",
                                       "price_fen": quote["total_fen"] - 500_000})
    assert revised.status_code == 200 and revised.json()["current_version"] == 2
    diff = client.get(f"/api/v1/contracts/{contract['id']}/diff", params={"against": 1},
                      headers=rep).json()
    assert [(c["clause"], c["label"]) for c in diff["changes"]] == [
        ("delivery_date", "交货日期"), ("warranty", "质保期"), ("price", "合同价格")]
    assert (diff["changes"][1]["old_text"], diff["changes"][1]["new_text"]) == (
        "12 个月", "24 个月")
    bad = client.put(f"/api/v1/contracts/{contract['id']}/terms", headers=rep,
                     json=TERMS | {"delivery_date": "2020-01-01"})
    assert bad.status_code == 422 and bad.json()["field"] == "delivery_date"
    deal = client.get(f"/api/v1/opportunities/{deal_id}", headers=rep).json()
    assert deal["contract"] == {"id": contract["id"], "status": "draft"}
    assert client.get(f"/api/v1/contracts/{contract['id']}",
                      headers=login(client, "rep06")).status_code == 404


def test_only_the_pending_approver_decides_in_the_matrix_order(client) -> None:
    rep, manager, vp = (login(client, u) for u in ("rep03", "mgr-east", "vp"))
    contract = draft(client, rep)  # 630,000 CNY: 区域总监, then 销售副总裁
    path = f"/api/v1/contracts/{contract['id']}"
    submitted = client.post(f"{path}/submit", headers=rep)
    assert submitted.status_code == 200, submitted.text
    assert [(s["label"], s["approver_id"], s["status"]) for s in submitted.json()["approval"]] == [
        ("区域总监", me(client, manager), "pending"), ("销售副总裁", me(client, vp), "waiting")]
    approve = {"decision": "approve", "comment": "同意"}
    for outsider in (rep, vp, login(client, "director")):
        refused = client.post(f"{path}/decisions", headers=outsider, json=approve)
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert [s["status"] for s in client.get(path, headers=rep).json()["approval"]] == [
        "pending", "waiting"]
    assert client.post(f"{path}/decisions", headers=manager, json=approve).status_code == 200
    done = client.post(f"{path}/decisions", headers=vp, json=approve)
    assert done.status_code == 200 and done.json()["status"] == "approved"
    again = client.post(f"{path}/submit", headers=rep)
    assert again.status_code == 409


def test_a_contract_priced_far_below_its_quote_is_refused_naming_the_price(client) -> None:
    """The customer accepted 630,000 CNY of equipment; the rep drafts the contract at 1 CNY.
    The region's manager alone used to approve it and the customer could sign. A 100 %
    discount is above every approver's limit, as it would be on the quote: refused."""
    rep = login(client, "rep03")
    contract = draft(client, rep, price_fen=100)
    refused = client.post(f"/api/v1/contracts/{contract['id']}/submit", headers=rep)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["field"] == "price_fen" and "隐含折扣 100%" in refused.text
    assert client.get(f"/api/v1/contracts/{contract['id']}", headers=rep).json()[
        "status"] == "draft"                                       # nothing written


# 480,000 CNY: two AGVs and six installation visits (below 500,000: no VP by amount).
MID_DEAL = [{"product_code": "AGV-500", "quantity": 2}, {"product_code": "SVC-INS", "quantity": 6}]


def submitted_at(client: httpx.Client, rep: dict[str, str], price_fen: int) -> httpx.Response:
    contract = draft(client, rep, MID_DEAL, price_fen=price_fen)
    return client.post(f"/api/v1/contracts/{contract['id']}/submit", headers=rep)


def test_a_contract_below_its_quote_needs_the_approvals_its_discount_needs(client) -> None:
    """Quote 480,000 CNY. At 470,000 (2.09 %) the region's manager alone, as before; at
    490,000 (above the quote) no discount at all; at 360,000 (25 %) the director as well,
    told why; at 300,000 (37.5 %, above the director's 30 %) nobody may."""
    rep, manager, director = (login(client, u) for u in ("rep03", "mgr-east", "director"))
    near = submitted_at(client, rep, 47_000_000).json()
    assert [(s["approver_id"], s["reason"]) for s in near["approval"]] == [(
        me(client, manager), "合同价 ¥470,000.00 低于客户接受的报价 V1（总价 ¥480,000.00），"
                             "隐含折扣 2.09%")]
    above = submitted_at(client, rep, 49_000_000).json()
    assert [(s["label"], s["reason"]) for s in above["approval"]] == [("区域总监", "")]
    deep = submitted_at(client, rep, 36_000_000)
    assert deep.status_code == 200, deep.text
    steps = deep.json()["approval"]
    assert [(s["label"], s["approver_id"]) for s in steps] == [
        ("区域总监", me(client, manager)), ("折扣审批（总监）", me(client, director))]
    assert steps[1]["reason"].endswith("隐含折扣 25%，须总监审批")
    path = f"/api/v1/contracts/{deep.json()['id']}"
    for who in (manager, director):
        decided = client.post(f"{path}/decisions", headers=who, json={"decision": "approve"})
        assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "approved"
    refused = submitted_at(client, rep, 30_000_000)
    assert refused.status_code == 422 and refused.json()["field"] == "price_fen", refused.text
    assert "隐含折扣 37.5%" in refused.text and "30%" in refused.text


def test_the_customer_signs_once_with_the_code_and_the_document_is_verified(client) -> None:
    rep, manager = login(client, "rep03"), login(client, "mgr-east")
    contract = draft(client, rep, SMALL_DEAL, price_fen=17_500_000)  # the region's manager alone
    path = f"/api/v1/contracts/{contract['id']}"
    early = client.post(f"{path}/signature-requests", headers=rep,
                        json={"signer_name": "王总", "signer_phone": "13812345678"})
    assert early.status_code == 409, early.text
    client.post(f"{path}/submit", headers=rep)
    assert client.post(f"{path}/decisions", headers=manager,
                       json={"decision": "approve"}).json()["status"] == "approved"
    walk_to(client, rep, contract["opportunity_id"], "contract")  # signed in 签约
    invite = client.post(f"{path}/signature-requests", headers=rep,
                         json={"signer_name": "王总", "signer_phone": "138 1234 5678"})
    assert invite.status_code == 201, invite.text
    token, code = invite.json()["token"], invite.json()["demo_code"]
    # the page a rep pastes into WeChat, as the SMS carries it; the JSON API beside it
    assert (invite.json()["link"], invite.json()["api_link"]) == (
        f"/sign/{token}", f"/api/v1/sign/{token}")
    shown = client.get(invite.json()["api_link"])  # public: no bearer token
    assert shown.status_code == 200, shown.text
    assert "合同价格：¥175,000.00" in shown.json()["document"]
    page = client.get(f"/sign/{token}")  # the page behind the SMS link
    assert page.status_code == 200 and "合同价格：¥175,000.00" in page.text
    assert shown.json()["document_sha256"] in page.text
    wrong = client.post(f"/api/v1/sign/{token}", json={
        "code": "000000" if code != "000000" else "111111", "signer_name": "王总"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "code"
    assert client.get(path, headers=rep).json()["status"] == "approved"
    signed = client.post(f"/api/v1/sign/{token}", headers={"User-Agent": "e2e-browser/1.0"},
                         json={"code": code, "signer_name": "王总"})
    assert signed.status_code == 200, signed.text
    assert signed.json()["document_sha256"] == shown.json()["document_sha256"]
    used = client.post(f"/api/v1/sign/{token}", json={"code": code, "signer_name": "王总"})
    assert used.status_code == 409 and used.headers["content-type"].startswith(
        "application/problem+json")
    assert client.get("/api/v1/sign/not-a-real-token-at-all-xyz").status_code == 404
    assert client.get(f"/sign/{token}").status_code == 409
    check = client.get(f"{path}/verify", headers=rep).json()
    assert (check["signed"], check["unchanged"], check["user_agent"]) == (
        True, True, "e2e-browser/1.0")
    assert check["signed_sha256"] == shown.json()["document_sha256"]
    assert client.get(path, headers=rep).json()["status"] == "signed"


def test_inviting_another_signer_stops_the_earlier_link(client) -> None:
    """The rep sent the link to 王总, then learned 李总 signs for the customer and invited
    him instead. 王总's link kept working: either could sign, whoever came first. Inviting
    another signer stops the earlier signer's links."""
    rep, manager = login(client, "rep03"), login(client, "mgr-east")
    contract = draft(client, rep, SMALL_DEAL)
    path = f"/api/v1/contracts/{contract['id']}"
    client.post(f"{path}/submit", headers=rep)
    assert client.post(f"{path}/decisions", headers=manager,
                       json={"decision": "approve"}).json()["status"] == "approved"
    walk_to(client, rep, contract["opportunity_id"], "contract")
    first, second = (client.post(f"{path}/signature-requests", headers=rep, json=signer).json()
                     for signer in ({"signer_name": "王总", "signer_phone": "13812345678"},
                                    {"signer_name": "李总", "signer_phone": "13987654321"}))
    stale = client.post(f"/api/v1/sign/{first['token']}",
                        json={"code": first["demo_code"], "signer_name": "王总"})
    assert stale.status_code == 409, stale.text
    assert "最新的签署链接" in stale.json()["detail"]
    assert client.get(f"/api/v1/sign/{first['token']}").status_code == 409
    assert client.get(path, headers=rep).json()["status"] == "approved"
    signed = client.post(f"/api/v1/sign/{second['token']}",
                         json={"code": second["demo_code"], "signer_name": "李总"})
    assert signed.status_code == 200, signed.text


def test_an_away_managers_approval_goes_to_the_delegate_and_they_still_decide_it(
        client) -> None:
    rep, manager, director = (login(client, u) for u in ("rep03", "mgr-east", "director"))
    until = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    delegated = client.put("/api/v1/me/delegation", headers=manager,
                           json={"to_user_id": me(client, director), "until": until})
    assert delegated.status_code == 200, delegated.text
    try:
        contract = draft(client, rep, SMALL_DEAL, price_fen=17_500_000)
        path = f"/api/v1/contracts/{contract['id']}"
        step = client.post(f"{path}/submit", headers=rep).json()["approval"][0]
        assert (step["approver_id"], step["delegated_from"]) == (
            me(client, director), me(client, manager))
        assert client.post(f"{path}/decisions", headers=director,
                           json={"decision": "approve"}).json()["status"] == "approved"
        late = client.post(f"{path}/decisions", headers=manager, json={"decision": "approve"})
        assert late.status_code == 409, late.text  # the delegate's decision came first
        # Back early (QA #14): the manager decides a step delegated away without ending the
        # delegation; the delegate, second, is told the first decision stands.
        early = draft(client, rep, SMALL_DEAL, price_fen=17_500_000)
        early_path = f"/api/v1/contracts/{early['id']}"
        assert client.post(f"{early_path}/submit", headers=rep).status_code == 200
        # It is on both to-do lists: the delegate holds it, the manager may still decide it.
        for who in (manager, director):
            todo = client.get("/api/v1/contracts", params={"awaiting": "me", "limit": 100},
                              headers=who)
            assert early["id"] in [c["id"] for c in todo.json()["items"]], todo.text
        mine = client.post(f"{early_path}/decisions", headers=manager,
                           json={"decision": "approve", "comment": "我已回来"})
        assert mine.status_code == 200 and mine.json()["status"] == "approved", mine.text
        assert mine.json()["approval"][0]["decided_by"] == me(client, manager)
        second = client.post(f"{early_path}/decisions", headers=director,
                             json={"decision": "reject", "comment": "价格过低"})
        assert second.status_code == 409 and "先做出" in second.json()["detail"], second.text
    finally:
        ended = client.put("/api/v1/me/delegation", headers=manager, json={"to_user_id": None})
        assert ended.status_code == 200 and ended.json()["to_user_id"] is None


def test_a_step_the_approver_decided_back_early_leaves_the_delegates_open_inbox(
        client) -> None:
    """mgr-east is away, his step held by the director, who is asked 「合同待您审批」. Back
    early, mgr-east approves it himself: the director's item no longer asks for a decision
    that would be 409 — it is withdrawn, naming who decided, and leaves his open items."""
    rep, manager, director = (login(client, u) for u in ("rep03", "mgr-east", "director"))
    until = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    delegated = client.put("/api/v1/me/delegation", headers=manager,
                           json={"to_user_id": me(client, director), "until": until})
    assert delegated.status_code == 200, delegated.text
    try:
        contract = draft(client, rep, SMALL_DEAL, price_fen=17_500_000)
        path, deal = f"/api/v1/contracts/{contract['id']}", contract["opportunity_id"]
        assert client.post(f"{path}/submit", headers=rep).status_code == 200

        def held(state: str | None = None) -> dict[str, Any] | None:
            page = client.get("/api/v1/notifications", headers=director,
                              params={"limit": 100} | ({"state": state} if state else {}))
            assert page.status_code == 200, page.text
            return next((i for i in page.json()["items"] if i["kind"] == "approval_requested"
                         and i["link"] == f"/opportunities/{deal}"), None)

        item = eventually(lambda: held("open"))
        decided = client.post(f"{path}/decisions", headers=manager,
                              json={"decision": "approve", "comment": "我已回来"})
        assert decided.status_code == 200, decided.text
        gone = eventually(lambda: held("withdrawn"))
        name = client.get("/api/v1/me", headers=manager).json()["display_name"]
        assert gone["id"] == item["id"] and gone["title"] == f"【已撤回】{item['title']}"
        assert gone["body"].startswith(f"已撤回：该审批步骤已由 {name} 处理。")
        assert held("open") is None and held("read") is None
    finally:
        ended = client.put("/api/v1/me/delegation", headers=manager, json={"to_user_id": None})
        assert ended.status_code == 200, ended.text


def test_only_approvers_delegate_and_say_until_when(client) -> None:
    """A rep or an engineer approves nothing: their delegation moved nothing and named
    nobody, yet was answered 200. A manager who leaves out when they are back is told
    `until` is required."""
    until = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    manager = login(client, "mgr-east")
    for who in ("rep03", "eng1"):
        refused = client.put("/api/v1/me/delegation", headers=login(client, who),
                             json={"to_user_id": me(client, manager), "until": until})
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
    missing = client.put("/api/v1/me/delegation", headers=manager,
                         json={"to_user_id": me(client, login(client, "director"))})
    assert missing.status_code == 422, missing.text
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert (missing.json()["field"], "必填" in missing.json()["detail"]) == ("until", True)
    assert client.get("/api/v1/me/delegation", headers=manager).json()["to_user_id"] is None


def test_admins_edit_the_approval_matrix_and_others_cannot(client) -> None:
    admin, rep = login(client, "admin"), login(client, "rep03")
    current = client.get("/api/v1/approval-matrix", headers=rep).json()
    assert [(lv["label"], lv["from_fen"]) for lv in current["levels"]] == [
        ("区域总监", 0), ("销售副总裁", 50_000_000), ("总经理", 200_000_001)]
    levels = current["levels"]
    changed = [levels[0], levels[1] | {"from_fen": 30_000_000}, levels[2]]
    assert client.put("/api/v1/approval-matrix", headers=rep,
                      json={"levels": changed}).status_code == 403
    bad = client.put("/api/v1/approval-matrix", headers=admin,
                     json={"levels": [levels[1], levels[0]]})
    assert bad.status_code == 422 and bad.json()["field"].startswith("levels.")
    try:
        put = client.put("/api/v1/approval-matrix", headers=admin, json={"levels": changed})
        assert put.status_code == 200 and put.json()["version"] == current["version"] + 1
    finally:
        client.put("/api/v1/approval-matrix", headers=admin, json={"levels": levels})


def published(stack: Any, kind: str, aggregate_id: str) -> bytes | None:
    """The event's envelope once the relay has published it to NATS."""
    async def run() -> bytes | None:
        conn = await asyncpg.connect(stack.database_url.replace("postgresql+asyncpg",
                                                                "postgresql"))
        try:
            return await conn.fetchval(
                "SELECT payload FROM pipeline.outbox WHERE type = $1 AND aggregate_id = $2 "
                "AND published_at IS NOT NULL", kind, aggregate_id)
        finally:
            await conn.close()

    return asyncio.run(run())


def test_a_deal_reaches_signing_only_approved_and_is_won_only_signed(stack, client) -> None:
    rep, manager = login(client, "rep03"), login(client, "mgr-east")
    started = time.monotonic()
    deal = client.post("/api/v1/opportunities", headers=rep, json={
        "account_name": f"嘉兴包装{uuid.uuid4().hex[:6]}有限公司", "title": "码垛线",
        "amount_fen": 17_500_000}).json()
    path = f"/api/v1/opportunities/{deal['id']}"
    for stage in ("first_visit", "needs_confirmed"):
        assert advance(client, rep, path, stage).status_code == 200
    assert client.put(f"{path}/needs", headers=rep, json=NEEDS).json()["complete"]
    for stage in ("solution_design", "quote"):
        assert advance(client, rep, path, stage).status_code == 200, stage
    quote = client.post(f"{path}/quotes", headers=rep, json={"lines": SMALL_DEAL}).json()
    for action in ("issue", "accept"):
        assert client.post(f"/api/v1/quotes/{quote['id']}/{action}", headers=rep).is_success
    contract = client.post(f"{path}/contracts", headers=rep, json={
        "quote_id": quote["id"], **TERMS, "price_fen": 17_500_000}).json()
    refused = advance(client, rep, path, "contract")
    assert refused.status_code == 409 and [u["code"] for u in refused.json()["unmet"]] == [
        "contract_approved"]
    cpath = f"/api/v1/contracts/{contract['id']}"
    client.post(f"{cpath}/submit", headers=rep)
    assert client.post(f"{cpath}/decisions", headers=manager,
                       json={"decision": "approve"}).json()["status"] == "approved"
    assert client.post(f"{path}/stage", json={"to": "contract"}, headers=rep).status_code == 200
    unsigned = advance(client, rep, path, "won")  # 客户签署合同 waits for the signature too
    assert unsigned.status_code == 409 and [u["code"] for u in unsigned.json()["unmet"]] == [
        "step:customer_signs", "contract_signed"]
    invite = client.post(f"{cpath}/signature-requests", headers=rep, json={
        "signer_name": "李总", "signer_phone": "13900001111"}).json()
    assert client.post(f"/api/v1/sign/{invite['token']}", json={
        "code": invite["demo_code"], "signer_name": "李总"}).status_code == 200
    # The manager closes it in the weekly review: their click, not the rep's.
    won = client.post(f"{path}/stage", json={"to": "won"}, headers=manager)
    assert won.status_code == 200 and won.json()["status"] == "won"
    assert won.json()["contract"] == {"id": contract["id"], "status": "signed"}
    event = ev_pb2.DealWon()
    Envelope.FromString(eventually(lambda: published(stack, "pipeline.deal_won", deal["id"]),
                                   timeout=60)).payload.Unpack(event)
    assert (event.contract_id, event.amount_fen, list(event.product_codes)) == (
        contract["id"], 17_500_000, ["AGV-500"])
    assert 0 <= event.cycle_seconds <= time.monotonic() - started + 1  # opened → signed
    assert (event.title, event.by_user_id) == ("码垛线", me(client, manager))

    # The win is news for the rep's managers and the directors, named by the deal's title;
    # the manager who clicked won and the rep whose deal it is read nothing of it, nor the
    # rep of the refusals they were answered 409 for.
    link = f"/opportunities/{deal['id']}"

    def told(headers: dict[str, str]) -> list[dict[str, Any]]:
        items = client.get("/api/v1/notifications", headers=headers).json()["items"]
        return [i for i in items if i["link"] == link]

    [item] = eventually(lambda: [i for i in told(login(client, "director"))
                                 if i["kind"] == "deal_won"], timeout=30)
    assert item["title"].startswith("赢单：码垛线 ¥175,000.00，销售 "), item
    assert deal["account"]["name"] in item["body"]
    assert [i for i in told(manager) if i["kind"] == "deal_won"] == []
    assert [i for i in told(rep) if i["kind"] in ("deal_won", "stage_gate_blocked")] == []


def test_an_approver_lists_what_waits_for_them_and_exports_it(client) -> None:
    rep, manager = login(client, "rep03"), login(client, "mgr-east")
    contract = draft(client, rep, SMALL_DEAL, price_fen=17_500_000)
    client.post(f"/api/v1/contracts/{contract['id']}/submit", headers=rep)
    todo = client.get("/api/v1/contracts", params={"awaiting": "me", "limit": 100},
                      headers=manager)
    assert todo.status_code == 200, todo.text
    assert contract["id"] in [c["id"] for c in todo.json()["items"]]
    assert all(c["status"] == "pending_approval" for c in todo.json()["items"])
    mine = client.get("/api/v1/contracts", params={"opportunity_id": contract["opportunity_id"]},
                      headers=rep).json()
    assert [c["id"] for c in mine["items"]] == [contract["id"]]
    assert client.get("/api/v1/contracts", params={
        "opportunity_id": contract["opportunity_id"]},
        headers=login(client, "rep06")).json()["items"] == []
    sheet = client.get("/api/v1/contracts/export.xlsx",
                       params={"opportunity_id": contract["opportunity_id"]}, headers=rep)
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
    rows = list(load_workbook(BytesIO(sheet.content)).active.values)
    assert rows[0][:3] == ("合同编号", "客户", "状态") and rows[1][0] == contract["number"]
    assert rows[1][2] == "审批中" and float(rows[1][4]) == 175_000.0


def test_an_approval_taken_back_leaves_the_approvers_open_inbox_with_why(client) -> None:
    """The customer changes the line while the contract waits for the region's manager;
    the rep sends the deal back to 方案设计. The manager's 「合同待您审批」 no longer asks
    for a decision that would be refused: it is read, tagged 已撤回 and says why."""
    rep, manager = login(client, "rep03"), login(client, "mgr-east")
    contract = draft(client, rep, SMALL_DEAL)
    path, deal = f"/api/v1/contracts/{contract['id']}", contract["opportunity_id"]
    assert client.post(f"{path}/submit", headers=rep).status_code == 200

    def asked() -> dict[str, Any] | None:
        page = client.get("/api/v1/notifications", params={"limit": 100}, headers=manager)
        return next((i for i in page.json()["items"] if i["kind"] == "approval_requested"
                     and i["link"] == f"/opportunities/{deal}"), None)

    item = eventually(asked)
    assert item["title"].startswith("合同待您审批：") and item["withdrawn_at"] is None
    back = client.post(f"/api/v1/opportunities/{deal}/stage", headers=rep,
                       json={"to": "solution_design", "reason": "客户要求增加一台 AGV"})
    assert back.status_code == 200, back.text
    gone = eventually(lambda: (found := asked()) and found["withdrawn_at"] and found)
    assert gone["id"] == item["id"] and gone["read_at"] is not None
    assert gone["title"] == f"【已撤回】{item['title']}"
    assert gone["body"].startswith("已撤回：商机已退回，合同退回草稿，待重新提交审批。")
    acted = client.post(f"{path}/decisions", headers=manager,
                        json={"decision": "approve", "comment": "同意"})
    assert acted.status_code == 409, acted.text  # what the item asked for no longer waits


def _execute(stack: Any, sql: str, *args: Any) -> None:
    async def run() -> None:
        conn = await asyncpg.connect(stack.database_url.replace("postgresql+asyncpg",
                                                                "postgresql"))
        try:
            await conn.execute(sql, *args)
        finally:
            await conn.close()

    asyncio.run(run())


def test_the_running_service_reminds_a_waiting_approver_when_the_step_is_due(
    stack, client,
) -> None:
    rep, manager = login(client, "rep03"), login(client, "mgr-east")
    contract = draft(client, rep, SMALL_DEAL, price_fen=17_500_000)
    client.post(f"/api/v1/contracts/{contract['id']}/submit", headers=rep)
    # A day passes: the reminder row's due_at is moved to now instead of waiting 24 h.
    _execute(stack, "UPDATE pipeline.approval_deadlines SET due_at = now() WHERE level = 1 "
                    "AND step_id IN (SELECT id FROM pipeline.approval_steps "
                    "WHERE contract_id = $1::uuid)", contract["id"])
    event = ev_pb2.ApprovalEscalated()
    Envelope.FromString(eventually(
        lambda: published(stack, "pipeline.approval_escalated", contract["id"]),
        timeout=60)).payload.Unpack(event)
    assert (event.level, event.escalated_to_id, event.step) == (1, me(client, manager), 1)
