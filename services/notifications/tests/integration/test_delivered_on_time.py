"""A delivered work order tells its requester whether it came on time, in their language,
through the real consumer and the texts the database was seeded with (the 20261212
revision gave the seeded English body `{on_time}`)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from notifications.adapters.orm import inbox_items
from notifications.domain.preferences import Preferences
from salesos.events.v1 import workorders_pb2

from .conftest import Running, until
from .test_channels_delivery import person, rows, set_prefs

pytestmark = pytest.mark.integration
AT = Timestamp()
AT.FromDatetime(datetime(2026, 12, 4, 9, 30, tzinfo=UTC))  # 12月4日 17:30 in Shanghai


def delivered(requester: str, *, on_time: bool) -> workorders_pb2.WorkOrderDelivered:
    ref = workorders_pb2.WorkOrderRef(work_order_id=str(uuid.uuid4()), title="非标法兰图纸",
                                      department="tech", requester_id=requester)
    return workorders_pb2.WorkOrderDelivered(ref=ref, delivered_at=AT, on_time=on_time)


async def test_an_english_requester_reads_that_the_delivery_came_late(
        running: Running) -> None:
    rep = person(running)
    await set_prefs(running, Preferences(user_id=rep, language="en"))
    await running.publish(delivered(rep, on_time=False), type="workorders.delivered")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    assert item["body"] == "Delivered at Dec 4, 17:30 (late)."


async def test_a_chinese_requester_reads_it_as_before(running: Running) -> None:
    rep = person(running)
    await running.publish(delivered(rep, on_time=True), type="workorders.delivered")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    assert item["body"] == "交付时间 12月4日 17:30（按时）。请验收或退回并说明原因。"
