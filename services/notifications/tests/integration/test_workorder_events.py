"""Work-order events reach the people the order names, and roles or reporting lines are
resolved through the OrgDirectory; a directory that is down delays, never drops."""

from __future__ import annotations

import uuid

import pytest
from notifications.adapters.org_client import OrgDirectory
from notifications.adapters.orm import inbox_items
from notifications.domain.notices import Notice
from notifications.service_layer import notify
from notifications.service_layer.deps import Deps
from salesos.events.v1 import workorders_pb2
from servicekit.consumer import TransientError
from servicekit.settings import DEMO_JWT_SECRET
from servicekit.uow import UnitOfWork

from .conftest import Running, until
from .test_channels_delivery import person, rows

pytestmark = pytest.mark.integration


def ref(**values: object) -> workorders_pb2.WorkOrderRef:
    return workorders_pb2.WorkOrderRef(work_order_id=str(uuid.uuid4()), title="非标零部件图纸",
                                       department="tech", **values)  # type: ignore[arg-type]


async def items_of(running: Running, user_id: str) -> list[object]:
    return await rows(running, inbox_items, user_id=user_id)


async def test_a_new_work_order_tells_its_assignee_and_both_supervisors(
        running: Running) -> None:
    engineer, sup1, sup2 = (person(running, r) for r in ("engineer", "manager", "manager"))
    order = ref(requester_id=person(running), assignee_id=engineer, cc_ids=[sup1, sup2])
    await running.publish(workorders_pb2.WorkOrderCreated(ref=order, need="三维图纸"),
                          type="workorders.created")
    for user in (engineer, sup1, sup2):
        [item] = await until(lambda u=user: items_of(running, u))
        assert item["title"] == "新工单（技术部）：非标零部件图纸"  # type: ignore[index]
        assert item["link"] == f"/workorders/{order.work_order_id}"  # type: ignore[index]


async def test_an_escalation_naming_nobody_reaches_the_requesters_and_assignees_managers(
        running: Running) -> None:
    boss_of_rep, boss_of_engineer = person(running, "manager"), person(running, "manager")
    rep = person(running, manager_id=boss_of_rep)
    engineer = person(running, "engineer", manager_id=boss_of_engineer)
    order = ref(requester_id=rep, assignee_id=engineer)
    await running.publish(workorders_pb2.WorkOrderEscalated(ref=order, level=2,
                                                            clock="response"),
                          type="workorders.escalated")
    for boss in (boss_of_rep, boss_of_engineer):
        [item] = await until(lambda b=boss: items_of(running, b))
        assert item["title"] == "工单已升级（第 2 级）：非标零部件图纸"  # type: ignore[index]


async def test_a_directory_that_is_down_makes_the_event_wait_not_vanish(
        running: Running) -> None:
    # Nothing listens on port 1: the lookup fails as UNAVAILABLE, which the consumer naks
    # for a later retry without counting it toward the dead letter.
    down = OrgDirectory("127.0.0.1:1", jwt_secret=DEMO_JWT_SECRET, timeout_seconds=1.0)
    deps = Deps(sessions=running.sessions, org=down, channels={})
    notice = Notice("quote_issued", {}, "/x", roles=("finance",))
    async with UnitOfWork(running.sessions, source="notifications") as uow:
        with pytest.raises(TransientError):
            await notify.deliver(deps, uow, notice, event_id=str(uuid.uuid4()))
    await down.close()
