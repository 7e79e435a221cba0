"""Work orders through the gateway, every process running: a deal asking 技术部 for
non-standard support opens one on its own; people open, take, work, deliver and review
them; wrong people get 403, skipped steps 409, bad input 422; a closed order is read-only
and carried on by a follow-up; chains are editable; lists export to .xlsx; KPIs per
department."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import nats
import pytest
from openpyxl import load_workbook
from salesos.events.v1 import pipeline_pb2 as pipeline_events
from servicekit.envelope import new_envelope

from tests.e2e.helpers import eventually, login

pytestmark = pytest.mark.e2e
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as c:
        yield c


def me(client: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    return client.get("/api/v1/me", headers=headers).json()


def notice(client: httpx.Client, headers: dict[str, str], order_id: str, kind: str,
           ) -> dict[str, Any]:
    """The inbox item of `kind` this person got about the order (waits for it)."""
    def probe() -> dict[str, Any] | None:
        items = client.get("/api/v1/notifications", params={"limit": 100},
                           headers=headers).json()["items"]
        return next((i for i in items if i["link"] == f"/workorders/{order_id}"
                     and i["kind"] == kind), None)

    return eventually(probe, timeout=30)


def kinds_about(client: httpx.Client, headers: dict[str, str], order_id: str) -> list[str]:
    items = client.get("/api/v1/notifications", params={"limit": 100},
                       headers=headers).json()["items"]
    return sorted(i["kind"] for i in items if i["link"] == f"/workorders/{order_id}")


def new_order(**overrides: Any) -> dict[str, Any]:
    body = {"need": "非标法兰图纸（DN200，耐压 2.5MPa）", "acceptance_standard": "图纸经客户确认",
            "due_at": (datetime.now(UTC) + timedelta(days=5)).isoformat(),
            "department": "engineering"}
    return body | overrides


def open_deal(client: httpx.Client, rep: dict[str, str]) -> dict[str, Any]:
    made = client.post("/api/v1/opportunities", headers=rep, json={
        "account_name": f"无锡重工{uuid.uuid4().hex[:6]}有限公司", "title": "非标阀门"})
    assert made.status_code == 201, made.text
    return made.json()


async def _publish(nats_url: str, change: pipeline_events.StageChanged) -> None:
    connection = await nats.connect(nats_url)
    try:
        envelope = new_envelope(change, type="pipeline.stage_changed", source="pipeline",
                                aggregate_id=change.opportunity_id)
        await connection.jetstream().publish("pipeline.stage_changed",
                                             envelope.SerializeToString(),
                                             headers={"Nats-Msg-Id": envelope.id})
    finally:
        await connection.close()


def test_a_deal_entering_solution_design_with_a_nonstandard_need_opens_a_tech_work_order(
        stack, client) -> None:
    rep = login(client, "rep01")
    deal = open_deal(client, rep)
    # The pipeline's needs record (another slice) sets nonstandard_support; the event is
    # the agreed contract, so it is published here as the pipeline would.
    change = pipeline_events.StageChanged(
        opportunity_id=deal["id"], owner_id=deal["owner_id"], region_id=deal["region_id"],
        from_stage="needs_confirmed", to_stage="solution_design", nonstandard_support=True,
        nonstandard_request="耐高温 400℃ 非标阀门图纸", account_name=deal["account"]["name"])
    asyncio.run(_publish(stack.infra.nats_url, change))

    def found() -> list[dict[str, Any]] | None:
        reply = client.get("/api/v1/workorders", params={"opportunity_id": deal["id"]},
                           headers=rep)
        return reply.json()["items"] if reply.status_code == 200 else None

    items = eventually(found, timeout=30)
    order = items[0]
    assert (order["department"], order["state"], order["assignee_id"],
            order["escalation_level"], order["need"]) == (
        "engineering", "open", None, 0, "耐高温 400℃ 非标阀门图纸")
    assert order["requester_id"] == deal["owner_id"] and order["due_at"]
    engineer = login(client, "eng1")
    queue = client.get("/api/v1/workorders", params={"department": "engineering",
                                                      "state": "open"}, headers=engineer)
    assert order["id"] in {o["id"] for o in queue.json()["items"]}


def test_a_request_is_taken_worked_delivered_rejected_redelivered_and_accepted(
        stack, client) -> None:
    rep, eng1, eng2 = (login(client, u) for u in ("rep01", "eng1", "eng2"))
    key = {"Idempotency-Key": uuid.uuid4().hex}
    made = client.post("/api/v1/workorders", json=new_order(), headers=rep | key)
    assert made.status_code == 201, made.text
    order = made.json()
    again = client.post("/api/v1/workorders", json=new_order(), headers=rep | key)
    assert again.json()["id"] == order["id"]
    supervisors = {me(client, login(client, "eng-lead"))["id"], me(client, rep)["manager_id"]}
    assert set(order["cc_ids"]) == supervisors
    path = f"/api/v1/workorders/{order['id']}"

    assert client.post(f"{path}/accept", headers=eng1).json()["state"] == "accepted"
    denied = client.post(f"{path}/progress", json={"text": "我来画"}, headers=eng2)
    assert denied.status_code == 403 and denied.headers["content-type"].startswith(PROBLEM)
    skipped = client.post(f"{path}/deliver", headers=eng1)
    assert skipped.status_code == 409 and skipped.headers["content-type"].startswith(PROBLEM)
    assert client.get(path, headers=rep).json()["state"] == "accepted"

    assert client.post(f"{path}/progress", json={"text": "初稿完成 60%"},
                       headers=eng1).json()["state"] == "in_progress"
    assert client.post(f"{path}/comments", json={"text": "客户要求加防腐涂层"},
                       headers=rep).status_code == 200
    files = {"file": ("法兰图纸.pdf", b"%PDF-1.4 flange", "application/pdf")}
    stored = client.post(f"{path}/attachments", files=files, headers=eng1)
    assert stored.status_code == 201, stored.text
    download = client.get(f"{path}/attachments/{stored.json()['id']}", headers=rep)
    assert download.content == b"%PDF-1.4 flange"
    page = client.post(f"{path}/attachments", headers=eng1,
                       files={"file": ("x.html", b"<script>alert(1)</script>", "text/html")})
    served = client.get(f"{path}/attachments/{page.json()['id']}", headers=rep)
    assert served.headers["content-type"] == "application/octet-stream"
    assert served.headers["content-disposition"].startswith("attachment")
    assert client.post(f"{path}/deliver", json={"text": "见附件"},
                       headers=eng1).json()["state"] == "delivered"
    no_reason = client.post(f"{path}/review", json={"accept": False}, headers=rep)
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    back = client.post(f"{path}/review", json={"accept": False, "reason": "缺少涂层说明"},
                       headers=rep).json()
    assert (back["state"], back["rejections"]) == ("in_progress", 1)
    client.post(f"{path}/deliver", headers=eng1)
    closed = client.post(f"{path}/review", json={"accept": True}, headers=rep).json()
    assert closed["state"] == "closed"

    # Each side heard the other's steps, by name, and nobody their own.
    rep_name, eng_name = me(client, rep)["display_name"], me(client, eng1)["display_name"]
    assert notice(client, rep, order["id"], "workorder_accepted")["body"].startswith(
        f"{eng_name}（技术部）已接单")
    assert notice(client, rep, order["id"], "workorder_progress")["body"] == \
        f"{eng_name}：初稿完成 60%"
    assert notice(client, eng1, order["id"], "workorder_commented")["body"] == \
        f"{rep_name}：客户要求加防腐涂层"
    assert notice(client, eng1, order["id"], "workorder_rejected")["body"].startswith(
        f"{rep_name} 退回了交付，原因：缺少涂层说明。")
    assert notice(client, eng1, order["id"], "workorder_review_accepted")
    heard = ["workorder_accepted", "workorder_delivered", "workorder_delivered",
             "workorder_progress"]  # not their own comment nor their own reviews
    assert eventually(lambda: kinds_about(client, rep, order["id"]) == heard, timeout=30)

    detail = client.get(path, headers=eng1).json()
    assert [p["text"] for p in detail["progress"]] == ["初稿完成 60%"]
    assert [c["text"] for c in detail["comments"]] == ["客户要求加防腐涂层"]
    assert [a["filename"] for a in detail["attachments"]] == ["法兰图纸.pdf", "x.html"]
    assert detail["escalations"] == [] and detail["escalation_level"] == 0


def test_a_closed_order_is_read_only_and_a_follow_up_carries_it_on(stack, client) -> None:
    """eng1 delivers the drawing and the rep accepts it: closed. A week later the customer
    wants a section view too. A comment on the closed order sat unread (nobody works on a
    closed order); now it is 409, and the rep opens a follow-up: in 技术部's queue again,
    linked both ways, and eng1, who knows the drawing, is told."""
    rep, eng1, eng2 = (login(client, u) for u in ("rep01", "eng1", "eng2"))
    title = f"DN200 法兰图纸 {uuid.uuid4().hex[:6]}"
    order = client.post("/api/v1/workorders", headers=rep, json=new_order(title=title)).json()
    path = f"/api/v1/workorders/{order['id']}"
    client.post(f"{path}/accept", headers=eng1)
    client.post(f"{path}/progress", json={"text": "图纸绘制中"}, headers=eng1)
    client.post(f"{path}/deliver", json={"text": "见附件"}, headers=eng1)
    # Delivered, awaiting review, is not closed: the requester still says what is missing.
    assert client.post(f"{path}/comments", json={"text": "图框请用公司模板"},
                       headers=rep).status_code == 200
    assert client.post(f"{path}/review", json={"accept": True},
                       headers=rep).json()["state"] == "closed"

    late = client.post(f"{path}/comments", json={"text": "客户还要一份剖面图"}, headers=rep)
    assert late.status_code == 409 and late.headers["content-type"].startswith(PROBLEM)
    assert "工单已关闭" in late.json()["detail"] and "跟进工单" in late.json()["detail"]
    # The UI tells "closed" from other conflicts and offers the follow-up right there.
    assert (late.json()["code"], late.json()["state"], late.json()["follow_up_url"]) == (
        "workorder_closed", "closed", f"{path}/follow-up")
    upload = client.post(f"{path}/attachments", headers=rep,
                         files={"file": ("剖面要求.pdf", b"%PDF-1.4 section", "application/pdf")})
    assert upload.status_code == 409, upload.text
    assert upload.json()["code"] == "workorder_closed"
    assert client.get(path, headers=rep).json()["attachments"] == []

    key = {"Idempotency-Key": uuid.uuid4().hex}
    asked = {"need": "客户还要一份剖面图（A-A 剖面）"}
    made = client.post(f"{path}/follow-up", headers=rep | key, json=asked)
    assert made.status_code == 201, made.text
    follow_up = made.json()
    assert (follow_up["title"], follow_up["state"], follow_up["department"],
            follow_up["assignee_id"], follow_up["requester_id"]) == (
        f"跟进：{title}", "open", "engineering", None, order["requester_id"])
    assert follow_up["follow_up_of"] == {"id": order["id"], "title": title, "state": "closed"}
    again = client.post(f"{path}/follow-up", headers=rep | key, json=asked)
    assert (again.status_code, again.json()["id"]) == (201, follow_up["id"])
    other = client.post(f"{path}/follow-up", headers=rep | key, json={"need": "另一件事"})
    assert other.status_code == 422 and other.json()["field"] == "Idempotency-Key"

    queue = client.get("/api/v1/workorders", headers=eng2, params={
        "department": "engineering", "state": "open", "limit": 100}).json()["items"]
    listed = next(o for o in queue if o["id"] == follow_up["id"])
    assert listed["follow_up_of"]["id"] == order["id"]
    assert [f["id"] for f in client.get(path, headers=eng2).json()["follow_ups"]] == [
        follow_up["id"]]
    told = notice(client, eng1, follow_up["id"], "workorder_follow_up_opened")
    assert told["body"].startswith(
        f"{me(client, rep)['display_name']} 就已结束的工单「{title}」发起了跟进工单")
    export = client.get("/api/v1/workorders/export.xlsx", headers=rep,
                        params={"follow_up_of": order["id"]})
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert [r[rows[0].index("跟进自")] for r in rows[1:]] == [title]
    live = client.post(f"/api/v1/workorders/{follow_up['id']}/follow-up", headers=rep,
                       json=asked)
    assert live.status_code == 409  # still open: comment on it instead
    assert live.json()["code"] == "conflict" and "follow_up_url" not in live.json()


def test_the_rep_reads_the_follow_up_the_engineer_opened_and_another_rep_does_not(
        stack, client) -> None:
    """rep01's drawing was cancelled; eng2, who knows what the customer needs now, opens
    the follow-up. rep01 used to lose sight of it (the requester is eng2): now they read
    it (and are told of it), find it under follow_up_of, may comment on it, but not cancel
    it; rep02 gets 404."""
    rep, rep02, eng2 = (login(client, u) for u in ("rep01", "rep02", "eng2"))
    order = client.post("/api/v1/workorders", headers=rep, json=new_order()).json()
    path = f"/api/v1/workorders/{order['id']}"
    client.post(f"{path}/cancel", json={"reason": "客户改了需求"}, headers=rep)
    made = client.post(f"{path}/follow-up", headers=eng2,
                       json={"need": "按客户新需求重画（DN250）"})
    assert made.status_code == 201, made.text
    follow_up = made.json()
    assert follow_up["requester_id"] == me(client, eng2)["id"]
    told = notice(client, rep, follow_up["id"], "workorder_follow_up_of_yours")
    assert told["title"].startswith("您发起的工单有跟进"), told

    seen = client.get(f"/api/v1/workorders/{follow_up['id']}", headers=rep)
    assert seen.status_code == 200 and seen.json()["follow_up_of"]["id"] == order["id"]
    listed = client.get("/api/v1/workorders", headers=rep,
                        params={"follow_up_of": order["id"]}).json()["items"]
    assert [o["id"] for o in listed] == [follow_up["id"]]
    assert [f["title"] for f in client.get(path, headers=rep).json()["follow_ups"]] == [
        follow_up["title"]]
    said = client.post(f"/api/v1/workorders/{follow_up['id']}/comments", headers=rep,
                       json={"text": "客户联系人换成了采购部张经理"})
    assert said.status_code == 200, said.text
    assert client.post(f"/api/v1/workorders/{follow_up['id']}/cancel", headers=rep,
                       json={"reason": "不要了"}).status_code == 403

    assert client.get(f"/api/v1/workorders/{follow_up['id']}", headers=rep02).status_code == 404
    assert client.get("/api/v1/workorders", headers=rep02,
                      params={"follow_up_of": order["id"]}).json()["items"] == []


def test_the_supervisor_hands_work_in_progress_to_another_engineer(stack, client) -> None:
    """eng1 took the drawing and fell ill; assign was 409 once an order was accepted, so
    the supervisor could only cancel it and lose its log. Now eng2 carries on from where it
    stands; eng1 can no longer post to it; a delivered order is not reassigned."""
    rep, lead = login(client, "rep01"), login(client, "eng-lead")
    eng1, eng2 = login(client, "eng1"), login(client, "eng2")
    made = client.post("/api/v1/workorders", headers=rep, json=new_order()).json()
    path = f"/api/v1/workorders/{made['id']}"
    client.post(f"{path}/accept", headers=eng1)
    client.post(f"{path}/progress", json={"text": "草图完成"}, headers=eng1)
    moved = client.post(f"{path}/assign", headers=lead,
                        json={"assignee_id": me(client, eng2)["id"]})
    assert moved.status_code == 200, moved.text
    order = moved.json()
    assert (order["state"], order["assignee_id"]) == ("in_progress", me(client, eng2)["id"])
    assert order["history"][-1]["text"] == f"改派给 {me(client, eng2)['display_name']}"
    assert client.post(f"{path}/progress", json={"text": "我继续"},
                       headers=eng1).status_code == 403
    carry_on = notice(client, eng2, made["id"], "workorder_reassigned")
    assert carry_on["body"].startswith("工单已改派给您，请继续处理。")
    assert notice(client, eng1, made["id"], "workorder_handed_off")["body"] == (
        f"{me(client, lead)['display_name']} 已将该工单改派给 "
        f"{me(client, eng2)['display_name']}，您无需再处理。")
    assert client.post(f"{path}/progress", json={"text": "详图 80%"},
                       headers=eng2).status_code == 200
    assert client.post(f"{path}/deliver", headers=eng2).json()["state"] == "delivered"
    late = client.post(f"{path}/assign", headers=lead,
                       json={"assignee_id": me(client, eng1)["id"]})
    assert late.status_code == 409, late.text


def test_people_outside_a_request_do_not_see_it(stack, client) -> None:
    rep = login(client, "rep01")
    order = client.post("/api/v1/workorders", json=new_order(department="finance",
                                                             need="开具预付款发票"),
                        headers=rep).json()
    assert client.get(f"/api/v1/workorders/{order['id']}",
                      headers=login(client, "rep02")).status_code == 404
    assert client.get(f"/api/v1/workorders/{order['id']}",
                      headers=login(client, "finance")).status_code == 200
    assert client.get(f"/api/v1/workorders/{order['id']}",
                      headers=login(client, "eng1")).status_code == 404


def test_a_rep_cannot_post_a_request_to_sales_for_every_region_to_read(stack, client) -> None:
    """Members of the target department read its queue: a "request" to 销售部 was read by
    every rep and manager of every region. A work order asks another department."""
    rep = login(client, "rep01")
    refused = client.post("/api/v1/workorders", headers=rep,
                          json=new_order(department="sales", need="华东客户名单"))
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "department"
    south = login(client, "rep06")
    assert "华东客户名单" not in {o["need"] for o in client.get(
        "/api/v1/workorders", params={"limit": 100}, headers=south).json()["items"]}
    engineer = login(client, "eng1")
    own = client.post("/api/v1/workorders", headers=engineer, json=new_order())
    assert own.status_code == 422 and own.json()["field"] == "department"


def test_an_engineer_asking_sales_is_sent_to_the_deals_owner_not_every_reps_queue(
        stack, client) -> None:
    """销售部's queue is read by every rep of every region: an engineer's question for
    sales goes to the deal's owner or the region's manager, and the 422 says so."""
    engineer = login(client, "eng1")
    refused = client.post("/api/v1/workorders", headers=engineer,
                          json=new_order(department="sales", need="客户现场联系人是谁？"))
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "department"
    assert "商机负责人" in refused.json()["detail"] and "销售经理" in refused.json()["detail"]
    assert "客户现场联系人是谁？" not in {o["need"] for o in client.get(
        "/api/v1/workorders", params={"limit": 100},
        headers=login(client, "rep06")).json()["items"]}


def test_a_request_names_only_a_deal_its_requester_works_on(stack, client) -> None:
    """rep02 cannot hang a request on rep01's deal (nor a manager on another region's, nor
    anyone on a deal that does not exist): engineering would work for a deal the requester
    has no business with, and the deal's people would never see the request."""
    owner, colleague = login(client, "rep01"), login(client, "rep02")
    deal = open_deal(client, owner)
    for who, deal_id in ((colleague, deal["id"]), (login(client, "mgr-south"), deal["id"]),
                         (owner, str(uuid.uuid4()))):
        refused = client.post("/api/v1/workorders", headers=who,
                              json=new_order(opportunity_id=deal_id))
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == "opportunity_id"
    assert client.get("/api/v1/workorders", params={"opportunity_id": deal["id"]},
                      headers=login(client, "director")).json()["items"] == []
    for who in (owner, login(client, "mgr-east")):
        made = client.post("/api/v1/workorders", headers=who,
                           json=new_order(opportunity_id=deal["id"]))
        assert made.status_code == 201, made.text


def test_bad_input_names_the_field(stack, client) -> None:
    rep = login(client, "rep01")
    past = client.post("/api/v1/workorders", headers=rep, json=new_order(
        due_at=(datetime.now(UTC) - timedelta(hours=1)).isoformat()))
    assert past.status_code == 422 and past.json()["field"] == "due_at"
    unknown = client.post("/api/v1/workorders", headers=rep,
                          json=new_order(department="marketing"))
    assert unknown.status_code == 422 and unknown.json()["field"] == "department"
    # A date typed without dashes is not Unix seconds in 1970: the 422 says the format.
    typo = client.post("/api/v1/workorders", headers=rep, json=new_order(due_at="20261220"))
    assert typo.status_code == 422 and typo.json()["field"] == "due_at"
    assert "ISO 8601" in typo.json()["detail"] and "晚于" not in typo.json()["detail"]
    order = client.post("/api/v1/workorders", headers=rep, json=new_order()).json()
    path = f"/api/v1/workorders/{order['id']}/attachments"
    huge = client.post(path, headers=rep, files={"file": ("a.bin", b"x" * (4 << 20))})
    assert huge.status_code == 413
    over = client.post(path, headers=rep, files={"file": ("a.bin", b"x" * ((3 << 20) + 1))})
    assert over.status_code == 422 and over.json()["field"] == "file"


def test_an_upload_retried_with_its_key_attaches_once_and_the_key_with_another_file_is_422(
        stack, client) -> None:
    """The Idempotency-Key of an attachment was read and dropped: the same key sent with
    another file attached that one too, where every other keyed write refuses it."""
    rep, engineer = login(client, "rep01"), login(client, "eng1")
    order = client.post("/api/v1/workorders", headers=rep, json=new_order()).json()
    path = f"/api/v1/workorders/{order['id']}/attachments"
    key = {"Idempotency-Key": uuid.uuid4().hex}
    drawing = {"file": ("总装图.pdf", b"%PDF-1.4 assembly", "application/pdf")}
    first = client.post(path, headers=engineer | key, files=drawing)
    assert first.status_code == 201, first.text
    again = client.post(path, headers=engineer | key, files=drawing)
    assert again.json()["id"] == first.json()["id"]
    other = client.post(path, headers=engineer | key,
                        files={"file": ("报价单.xlsx", b"PK other", "application/octet-stream")})
    assert other.status_code == 422, other.text
    assert other.json()["field"] == "Idempotency-Key"
    files = client.get(f"/api/v1/workorders/{order['id']}", headers=rep).json()["attachments"]
    assert [f["filename"] for f in files] == ["总装图.pdf"]


def test_a_long_chinese_file_name_is_shortened_but_keeps_its_extension(stack, client) -> None:
    """Names are kept to 200 characters; cut at the end, a long drawing name lost its
    ".pdf" and downloaded as a file nothing would open."""
    rep, engineer = login(client, "rep01"), login(client, "eng1")
    order = client.post("/api/v1/workorders", headers=rep, json=new_order()).json()
    long_name = "无锡重工DN200耐高温非标阀门总装图（客户确认版）" * 8 + ".pdf"
    stored = client.post(f"/api/v1/workorders/{order['id']}/attachments", headers=engineer,
                         files={"file": (long_name, b"%PDF-1.4 long", "application/pdf")})
    assert stored.status_code == 201, stored.text
    name = stored.json()["filename"]
    assert (len(name), name[-4:], name[:-4]) == (200, ".pdf", long_name[:196])
    download = client.get(f"/api/v1/workorders/{order['id']}/attachments/"
                          f"{stored.json()['id']}", headers=rep)
    assert download.headers["content-disposition"].endswith(".pdf")


def test_a_filter_pasted_with_a_nul_character_is_a_422_naming_it_not_a_502(
        stack, client) -> None:
    """A department or deal id copied out of another program with a stray \\u0000: the
    database cannot compare such text, and the list, its export and the KPIs answered 502
    with no field."""
    director = login(client, "director")
    for path, field in (("/api/v1/workorders", "department"),
                        ("/api/v1/workorders", "opportunity_id"),
                        ("/api/v1/workorders/export.xlsx", "department"),
                        ("/api/v1/analytics/workorders", "department")):
        refused = client.get(path, params={field: "engineering\x00"}, headers=director)
        assert refused.status_code == 422, (path, refused.text)
        assert refused.json()["field"] == field


def test_a_department_typed_by_its_name_is_a_422_listing_the_codes_not_an_empty_queue(
        stack, client) -> None:
    """「技术部」 in the department filter answered an empty queue, an empty export and a
    dashboard without rows, as if 技术部 had no orders; opening an order with it is 422."""
    director = login(client, "director")
    for path in ("/api/v1/workorders", "/api/v1/workorders/export.xlsx",
                 "/api/v1/analytics/workorders", "/api/v1/analytics/workorders/export.xlsx"):
        refused = client.get(path, params={"department": "技术部"}, headers=director)
        assert refused.status_code == 422, (path, refused.text)
        assert refused.json()["field"] == "department"
        assert "engineering（技术部）" in refused.json()["detail"]
    assert client.get("/api/v1/workorders", params={"department": "engineering"},
                      headers=director).status_code == 200


def test_delivery_department_takes_requests_too(stack, client) -> None:
    rep, courier = login(client, "rep01"), login(client, "dlv1")
    order = client.post("/api/v1/workorders", headers=rep, json=new_order(
        department="delivery", need="设备发往无锡现场")).json()
    assert order["department_name"] == "交付部"
    created = notice(client, login(client, "dlv-lead"), order["id"], "workorder_created")
    assert created["title"].startswith("新工单（交付部）")
    assert client.post(f"/api/v1/workorders/{order['id']}/accept",
                       headers=courier).json()["state"] == "accepted"
    assert notice(client, rep, order["id"], "workorder_accepted")
    cancelled = client.post(f"/api/v1/workorders/{order['id']}/cancel", headers=rep,
                            json={"reason": "客户改为自提"})
    assert cancelled.json()["state"] == "cancelled", cancelled.text
    stop = notice(client, courier, order["id"], "workorder_cancelled")
    assert stop["body"].endswith("无需继续处理。原因：客户改为自提。")


def test_escalation_chain_is_editable_per_department_by_the_director(stack, client) -> None:
    director, rep = login(client, "director"), login(client, "rep01")
    path = "/api/v1/workorders/escalation-chains/finance"
    chain = {"response_hours": 2, "levels": [{"level": 1, "after_hours": 0},
                                             {"level": 2, "after_hours": 1},
                                             {"level": 3, "after_hours": 3}]}
    assert client.put(path, json=chain, headers=rep).status_code == 403
    saved = client.put(path, json=chain, headers=director)
    assert saved.status_code == 200, saved.text
    assert client.get(path, headers=rep).json()["response_hours"] == 2
    wrong = chain | {"levels": [{"level": 2, "after_hours": 3}, {"level": 3, "after_hours": 1}]}
    assert client.put(path, json=wrong, headers=director).status_code == 422
    seeded = client.get("/api/v1/workorders/escalation-chains/engineering", headers=rep).json()
    assert [x["level"] for x in seeded["levels"]] == [1, 2, 3]


def test_the_list_exports_to_xlsx_and_kpis_are_per_department(stack, client) -> None:
    rep = login(client, "rep01")
    client.post("/api/v1/workorders", json=new_order(need="导出用的工单"), headers=rep)
    export = client.get("/api/v1/workorders/export.xlsx", params={"mine": "true"},
                        headers=rep)
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][:3] == ("标题", "部门", "状态")
    mine = next(r for r in rows[1:] if r[3] == "导出用的工单")
    # The supervisor opening it in Excel reads who asked, not a user id.
    assert mine[rows[0].index("发起人")] == me(client, rep)["display_name"]
    kpis = client.get("/api/v1/analytics/workorders", headers=login(client, "director"))
    assert kpis.status_code == 200
    engineering = [r for r in kpis.json()["rows"] if r["department"] == "engineering"]
    assert engineering and engineering[0]["created"] >= 1


def test_kpis_answer_without_dates_and_for_an_old_range_but_over_three_years_are_422(
        stack, client) -> None:
    director, path = login(client, "director"), "/api/v1/analytics/workorders"
    recent = client.get(path, params={"period": "day"}, headers=director)
    assert recent.status_code == 200, recent.text
    yearly = client.get(path, params={"period": "year"}, headers=director)
    assert (yearly.status_code, yearly.json()["field"]) == (422, "period")
    assert all(p in yearly.json()["detail"] for p in ("month", "week", "day"))
    # `from`/`to` as on every analytics route; the 422 names what the caller sent.
    for name in ("from", "since"):
        too_long = client.get(path, params={name: "2020-01-01T00:00:00+08:00"},
                              headers=director)
        assert too_long.status_code == 422
        assert too_long.headers["content-type"].startswith(PROBLEM)
        assert too_long.json()["field"] == name
    old = client.get(path, params={"period": "week", "from": "2024-01-01T00:00:00+08:00",
                                   "to": "2024-03-01T00:00:00+08:00"}, headers=director)
    assert (old.status_code, old.json()["rows"]) == (200, [])


def _published(database_url: str, order_id: str) -> list[tuple[str, bool]]:
    async def query() -> list[tuple[str, bool]]:
        conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
        try:
            rows = await conn.fetch("SELECT type, published_at IS NOT NULL AS sent FROM "
                                    "workorders.outbox WHERE aggregate_id = $1", order_id)
        finally:
            await conn.close()
        return [(r["type"], r["sent"]) for r in rows]

    return asyncio.run(query())


def test_a_work_order_opened_while_nats_is_down_is_announced_once_it_is_back(
        stack, client) -> None:
    rep = login(client, "rep01")
    stack.stop_nats()
    try:
        made = client.post("/api/v1/workorders", json=new_order(need="NATS 停机时提交"),
                           headers=rep)
    finally:
        stack.start_nats()
    assert made.status_code == 201, made.text
    order_id = made.json()["id"]
    assert eventually(lambda: _published(stack.database_url, order_id) ==
                      [("workorders.created", True)], timeout=60)


def test_postgres_down_is_503_with_retry_after_and_opens_nothing(stack, client) -> None:
    rep = login(client, "rep01")
    need = f"数据库停机时提交 {uuid.uuid4().hex[:8]}"
    stack.stop_postgres()
    try:
        refused = client.post("/api/v1/workorders", json=new_order(need=need), headers=rep)
    finally:
        stack.start_postgres()
    assert refused.status_code == 503, refused.text
    assert int(refused.headers["Retry-After"]) > 0

    def mine() -> list[dict[str, Any]] | None:
        reply = client.get("/api/v1/workorders", params={"mine": "true", "limit": 100},
                           headers=rep)
        return reply.json()["items"] if reply.status_code == 200 else None

    assert need not in {o["need"] for o in eventually(mine, timeout=60)}
