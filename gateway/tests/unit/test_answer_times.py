"""Every time the gateway answers carries its offset, at +08:00 as the inbox shows it: a
client reading `10:48:12` without one takes it as Shanghai time, 8 h off when the
service meant UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gateway.routes.notification_stream import _event, pushed_read
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.events.v1 import notifications_pb2 as events
from salesos.incentives.v1 import incentives_pb2 as ipb
from salesos.notifications.v1 import notifications_pb2 as pb
from salesos.workorders.v1 import workorders_pb2 as wpb

from gateway import deps, incentives_client, workorders_client

from .fake_services import Recorder, bearer, gateway_with

AT = datetime.fromisoformat("2026-11-27T02:48:12+00:00")
SHOWN = "2026-11-27T10:48:12+08:00"


def _stamp() -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(AT)
    return stamp


def _answer(method: str, request: Message) -> Any:
    if method == "ListFailedDeliveries":
        return pb.ListFailedDeliveriesResponse(deliveries=[pb.Delivery(
            id="d1", channel="email", state="failed", created_at=_stamp(),
            updated_at=_stamp())])
    return pb.ListTemplatesResponse(templates=[pb.MessageTemplate(
        kind="quote_issued", language="zh-CN", title="新报价", updated_at=_stamp())])


async def test_failed_deliveries_and_templates_answer_shanghai_times_with_offset() -> None:
    notifications = Recorder(_answer)
    async with gateway_with({deps._clients: notifications}) as gw:
        failed = await gw.get("/api/v1/admin/notifications/failed", headers=bearer("admin"))
        assert failed.status_code == 200, failed.text
        item = failed.json()["items"][0]
        assert (item["created_at"], item["updated_at"]) == (SHOWN, SHOWN)

        templates = await gw.get("/api/v1/admin/notification-templates",
                                 headers=bearer("admin"))
        assert templates.status_code == 200, templates.text
        assert templates.json()["items"][0]["updated_at"] == SHOWN


def test_a_pushed_item_shows_its_time_as_the_inbox_list_does() -> None:
    stored = events.InboxItemStored(item_id="i1", user_id="u1", kind="lead_assigned",
                                    title="新线索", created_at=_stamp())
    event = _event(pushed_read(stored))
    assert event.data["created_at"] == SHOWN


def _order(method: str, request: Message) -> Any:
    entry = wpb.Entry(id="e1", kind="progress", by_user_id="u1", text="图纸已出", at=_stamp())
    return wpb.WorkOrder(id="w1", title="非标图纸", state="in_progress", requester_id="u1",
                         created_at=_stamp(), due_at=_stamp(), progress=[entry])


async def test_a_work_order_shows_its_times_as_the_rest_of_the_api_does() -> None:
    async with gateway_with({workorders_client._workorders: Recorder(_order)}) as gw:
        answer = await gw.get("/api/v1/workorders/w1", headers=bearer())
    assert answer.status_code == 200, answer.text
    order = answer.json()
    assert (order["created_at"], order["due_at"]) == (SHOWN, SHOWN)
    assert order["progress"][0]["at"] == SHOWN


def _incentives(method: str, request: Message) -> Any:
    if method == "GetBreakdown":
        return ipb.Breakdown(score=ipb.Score(unit_id="u1"), contributions=[ipb.Contribution(
            event_id="ev1", event_type="leads.contact_logged", occurred_at=_stamp())])
    return ipb.ListRewardsResponse(rewards=[ipb.Reward(id="r1", user_id="u1", label="交通补贴",
                                                       granted_at=_stamp())])


async def test_rewards_and_score_breakdowns_show_shanghai_times_with_offset() -> None:
    async with gateway_with({incentives_client._incentives: Recorder(_incentives)}) as gw:
        rewards = await gw.get("/api/v1/rewards", headers=bearer())
        breakdown = await gw.get("/api/v1/kpi/scores/u1/breakdown", headers=bearer())
    assert rewards.status_code == 200, rewards.text
    assert rewards.json()["items"][0]["granted_at"] == SHOWN
    assert breakdown.status_code == 200, breakdown.text
    assert breakdown.json()["contributions"][0]["occurred_at"] == SHOWN
