"""Through the consumer: each step between a work order's requester and the department
reaches the other side once, by name, and never the person who took the step."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from google.protobuf.message import Message
from salesos.events.v1 import workorders_pb2 as ev

from .conftest import Running, until
from .test_channels_delivery import person
from .test_workorder_events import items_of

pytestmark = pytest.mark.integration


def order(running: Running, **values: str) -> ev.WorkOrderRef:
    """An order of a fresh requester, engineer and supervisor (ids are also their names in
    the org double)."""
    fields = {"requester_id": person(running), "assignee_id": person(running, "engineer"),
              "supervisor_id": person(running, "engineer"), "state": "in_progress"}
    return ev.WorkOrderRef(work_order_id=str(uuid.uuid4()), title="非标法兰图纸",
                           department="delivery", department_name="交付部",
                           **(fields | values))


async def told(running: Running, event: Message, type: str, user_id: str) -> dict[str, str]:
    await running.publish(event, type=type)
    [item] = await until(lambda: items_of(running, user_id))
    return dict(item)  # type: ignore[call-overload]


async def test_the_engineer_reads_the_rejection_and_its_reason_and_the_requester_nothing(
        running: Running) -> None:
    ref = order(running)
    item = await told(running, ev.WorkOrderReviewed(ref=ref, accepted=False, reason="缺尺寸",
                                                    by_user_id=ref.requester_id),
                      "workorders.reviewed", ref.assignee_id)
    assert (item["kind"], item["title"]) == ("workorder_rejected", "工单交付被退回：非标法兰图纸")
    assert item["body"].startswith(f"{ref.requester_id} 退回了交付，原因：缺尺寸。")
    assert await items_of(running, ref.requester_id) == []


async def test_a_redelivered_cancellation_stops_the_assignee_once(running: Running) -> None:
    ref = order(running)
    event = ev.WorkOrderClosed(ref=ref, cancelled=True, reason="客户取消",
                               by_user_id=ref.requester_id)
    envelope = await running.publish(event, type="workorders.cancelled")
    [item] = await until(lambda: items_of(running, ref.assignee_id))
    assert item["body"].endswith("无需继续处理。原因：客户取消。")  # type: ignore[index]
    await running.publish(event, type="workorders.cancelled", envelope=envelope)
    await asyncio.sleep(1.0)  # the redelivery is consumed and skipped meanwhile
    assert len(await items_of(running, ref.assignee_id)) == 1


async def test_the_requester_hears_the_order_was_taken_and_of_each_progress_post(
        running: Running) -> None:
    ref = order(running, state="accepted")
    item = await told(running, ev.WorkOrderAccepted(ref=ref, on_time=True),
                      "workorders.accepted", ref.requester_id)
    assert item["body"].startswith(f"{ref.assignee_id}（交付部）已接单")
    for text in ("已排产", "已发货"):
        await running.publish(ev.WorkOrderProgressPosted(ref=ref, by_user_id=ref.assignee_id,
                                                         text=text),
                              type="workorders.progress_posted")
    posts = await until(lambda: _kind(running, ref.requester_id, "workorder_progress", 2))
    assert sorted(p["body"] for p in posts) == [f"{ref.assignee_id}：已发货",
                                                f"{ref.assignee_id}：已排产"]
    assert await items_of(running, ref.assignee_id) == []


async def _kind(running: Running, user_id: str, kind: str, count: int) -> list[dict[str, str]]:
    found = [dict(i) for i in await items_of(running, user_id)  # type: ignore[call-overload]
             if i["kind"] == kind]  # type: ignore[index]
    return found if len(found) >= count else []


async def test_a_requesters_comment_on_an_unassigned_order_reaches_the_supervisor(
        running: Running) -> None:
    ref = order(running, assignee_id="", state="open")
    item = await told(running, ev.WorkOrderCommented(ref=ref, by_user_id=ref.requester_id,
                                                      text="请优先安排"),
                      "workorders.commented", ref.supervisor_id)
    assert (item["title"], item["body"]) == ("工单有新留言：非标法兰图纸",
                                             f"{ref.requester_id}：请优先安排")
    assert await items_of(running, ref.requester_id) == []


async def test_a_handover_tells_the_new_engineer_to_carry_on_and_the_old_one_to_stop(
        running: Running) -> None:
    old, new = person(running, "engineer"), person(running, "engineer")
    ref = order(running, assignee_id=new)
    event = ev.WorkOrderAssigned(ref=ref, by_user_id=ref.supervisor_id,
                                 previous_assignee_id=old)
    await running.publish(event, type="workorders.assigned")
    [carry_on] = await until(lambda: items_of(running, new))
    [stop] = await until(lambda: items_of(running, old))
    assert carry_on["body"].startswith("工单已改派给您，请继续处理。")  # type: ignore[index]
    assert stop["body"] == (  # type: ignore[index]
        f"{ref.supervisor_id} 已将该工单改派给 {new}，您无需再处理。")
