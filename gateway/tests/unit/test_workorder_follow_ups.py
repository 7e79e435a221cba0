"""A follow-up order through REST: what the gateway asks the workorders service, and how
the links read: a closed order names its follow-ups, a follow-up the order it carries on
(null title when the caller may not read that one)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc
from gateway.problems import PROBLEM_JSON
from google.protobuf.message import Message
from salesos.workorders.v1 import workorders_pb2 as wpb
from servicekit.errors import CodedConflict, Conflict, coded_conflict_status

from gateway import workorders_client

from .fake_services import Recorder, bearer, gateway_with

ORIGINAL, FOLLOW_UP = "0190b000-0000-7000-8000-00000000000a", "0190b000-0000-7000-8000-00000000000b"


def _answer(method: str, request: Message) -> Any:
    follow_up = wpb.WorkOrder(id=FOLLOW_UP, title="跟进：法兰图纸", state="open",
                              follow_up_of=wpb.WorkOrderLink(id=ORIGINAL, title="法兰图纸",
                                                             state="closed"))
    if method == "ListWorkOrders":
        unseen = wpb.WorkOrder(id="w3", title="跟进：别人的", state="open",
                               follow_up_of=wpb.WorkOrderLink(id="w0"))
        return wpb.ListWorkOrdersResponse(work_orders=[follow_up, unseen])
    if method == "GetWorkOrder":
        return wpb.WorkOrder(id=ORIGINAL, title="法兰图纸", state="closed", follow_ups=[
            wpb.WorkOrderLink(id=FOLLOW_UP, title="跟进：法兰图纸", state="open"),
            wpb.WorkOrderLink(id="w9")])
    return follow_up


async def test_a_follow_up_is_asked_for_with_its_need_key_and_a_date_due_by_its_end() -> None:
    service = Recorder(_answer)
    async with gateway_with({workorders_client._workorders: service}) as gw:
        made = await gw.post(f"/api/v1/workorders/{ORIGINAL}/follow-up",
                             headers=bearer() | {"Idempotency-Key": "k1"},
                             json={"need": " 还需要剖面图 ", "due_at": "2026-12-04"})
        assert made.status_code == 201, made.text
        asked = service.last("OpenFollowUp")
        assert (asked.work_order_id, asked.need, asked.title, asked.idempotency_key) == (
            ORIGINAL, "还需要剖面图", "", "k1")
        assert asked.due_at.ToDatetime(tzinfo=UTC) == datetime(2026, 12, 4, 15, 59, 59,
                                                                tzinfo=UTC)
        assert made.json()["follow_up_of"] == {"id": ORIGINAL, "title": "法兰图纸",
                                               "state": "closed"}

        await gw.post(f"/api/v1/workorders/{ORIGINAL}/follow-up", headers=bearer(),
                      json={"need": "剖面图"})
        assert not service.last("OpenFollowUp").HasField("due_at")  # the service's default
        empty = await gw.post(f"/api/v1/workorders/{ORIGINAL}/follow-up", headers=bearer(),
                              json={"title": "只有标题"})
        assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "need"


async def test_links_read_both_ways_and_an_unreadable_one_shows_its_id_only() -> None:
    service = Recorder(_answer)
    async with gateway_with({workorders_client._workorders: service}) as gw:
        original = (await gw.get(f"/api/v1/workorders/{ORIGINAL}", headers=bearer())).json()
        page = await gw.get("/api/v1/workorders", headers=bearer(),
                            params={"follow_up_of": ORIGINAL})
    assert original["follow_up_of"] is None
    assert original["follow_ups"] == [
        {"id": FOLLOW_UP, "title": "跟进：法兰图纸", "state": "open"},
        {"id": "w9", "title": None, "state": None}]
    assert service.last("ListWorkOrders").follow_up_of == ORIGINAL
    assert [i["follow_up_of"] for i in page.json()["items"]] == [
        {"id": ORIGINAL, "title": "法兰图纸", "state": "closed"},
        {"id": "w0", "title": None, "state": None}]


def _refusing(error: Conflict) -> Any:
    """A service answering every call with this refusal, as its interceptor sends it."""
    def answer(method: str, request: Message) -> Any:
        if isinstance(error, CodedConflict):
            status = coded_conflict_status(error)
            raise grpc.aio.AioRpcError(status.code, grpc.aio.Metadata(), grpc.aio.Metadata(
                *status.trailing_metadata), details=status.details)
        raise grpc.aio.AioRpcError(grpc.StatusCode.FAILED_PRECONDITION, grpc.aio.Metadata(),
                                   grpc.aio.Metadata(), details=str(error))
    return answer


async def test_a_comment_on_a_closed_order_is_409_workorder_closed_with_its_follow_up_link(
) -> None:
    closed = CodedConflict("工单已关闭，不能再留言、上传附件或做任何修改；"
                           "如需继续处理，请发起跟进工单", reason="workorder_closed",
                           facts={"work_order_id": ORIGINAL, "state": "closed"})
    async with gateway_with({workorders_client._workorders: Recorder(_refusing(closed))}) as gw:
        late = await gw.post(f"/api/v1/workorders/{ORIGINAL}/comments", headers=bearer(),
                             json={"text": "客户还要一份剖面图"})
    assert late.status_code == 409 and late.headers["content-type"] == PROBLEM_JSON
    body = late.json()
    assert (body["code"], body["type"], body["title"]) == (
        "workorder_closed", "https://salesos.example/problems/workorder-closed", "工单已结束")
    assert (body["work_order_id"], body["state"], body["follow_up_url"]) == (
        ORIGINAL, "closed", f"/api/v1/workorders/{ORIGINAL}/follow-up")
    assert body["detail"].startswith("工单已关闭")


async def test_other_conflicts_stay_plain_conflicts_without_a_follow_up_link() -> None:
    unknown = CodedConflict("别的冲突", reason="something_new", facts={"x": "1"})
    for refusal in (Conflict("工单仍在进行中，请直接在该工单上留言"), unknown):
        async with gateway_with({workorders_client._workorders:
                                 Recorder(_refusing(refusal))}) as gw:
            answer = await gw.post(f"/api/v1/workorders/{ORIGINAL}/follow-up",
                                   headers=bearer(), json={"need": "剖面图"})
        assert answer.status_code == 409
        assert answer.json()["code"] == "conflict" and "follow_up_url" not in answer.json()
