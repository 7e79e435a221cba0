"""A follow-up order through REST: what the gateway asks the workorders service, and how
the links read: a closed order names its follow-ups, a follow-up the order it carries on
(null title when the caller may not read that one)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.protobuf.message import Message
from salesos.workorders.v1 import workorders_pb2 as wpb

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
