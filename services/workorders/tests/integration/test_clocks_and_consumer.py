"""Clocks as due rows fired by servicekit.scheduler, and orders opened from
pipeline.stage_changed, against real PostgreSQL with a pinned clock."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.events.v1 import pipeline_pb2 as pipeline_events
from salesos.events.v1 import workorders_pb2 as ev
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.scheduler import fire_due
from servicekit.uow import UnitOfWork
from sqlalchemy import text
from workorders.entrypoints.consumers import on_stage_changed
from workorders.entrypoints.scheduler import clock_job

pytestmark = pytest.mark.integration
Meta = Callable[[str], tuple[tuple[str, str], ...]]
SH = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=SH)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SH) if day <= 30 else \
        datetime(2026, 12, day - 30, hour, minute, tzinfo=SH)


@pytest.fixture
def pinned(clock: Any) -> Iterator[Any]:
    clock.now = MONDAY_10
    yield clock
    clock.now = None


async def outbox(sessions: Any, order_id: str, kind: str) -> list[Any]:
    async with sessions() as session:
        rows = await session.execute(text(
            "SELECT payload FROM outbox WHERE aggregate_id = :id AND type = :t"
            " ORDER BY created_at, id"), {"id": order_id, "t": kind})
        return [Envelope.FromString(r.payload) for r in rows]


async def reminders(sessions: Any, order_id: str, reason: str) -> int:
    found = []
    for envelope in await outbox(sessions, order_id, "workorders.reminded"):
        payload = ev.WorkOrderReminded()
        envelope.payload.Unpack(payload)
        found.append(payload.reason)
    return found.count(reason)


async def tick(deps: Any, sessions: Any, now: datetime) -> None:
    deps.clock.now = now
    await fire_due(clock_job(deps), sessions, source="workorders", now=now)


async def new_order(stub: Any, as_user: Meta) -> pb.WorkOrder:
    due = Timestamp()
    due.FromDatetime(at(33, 18))  # Thursday 3 Dec 18:00
    return await stub.CreateWorkOrder(pb.CreateWorkOrderRequest(
        need="非标件图纸", acceptance_standard="图纸确认", due_at=due, department="engineering"),
        metadata=as_user("rep1"))


async def test_a_missed_response_escalates_level_by_level_until_accepted(
        pinned: Any, stub: Any, as_user: Meta, deps: Any, sessions: Any) -> None:
    order = await new_order(stub, as_user)
    # 技术部's seeded chain: 4 working hours to accept (10:00 → 15:30 over lunch).
    assert order.respond_by.ToDatetime(tzinfo=UTC) == at(30, 15, 30)
    await tick(deps, sessions, at(30, 13, 0))  # halfway (wall time): a reminder, no level
    reminded = await outbox(sessions, order.id, "workorders.reminded")
    reason = ev.WorkOrderReminded()
    reminded[0].payload.Unpack(reason)
    assert reason.reason == "response_due"
    assert reason.respond_by == order.respond_by  # what the reminder quotes as the deadline
    await tick(deps, sessions, at(30, 15, 31))
    await tick(deps, sessions, at(30, 17, 31))
    seen = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order.id),
                                   metadata=as_user("rep1"))
    assert seen.escalation_level == 2 and seen.overdue
    assert [(e.level, e.clock, list(e.notify_ids)) for e in seen.escalations] == [
        (1, "response", ["eng-lead"]), (2, "response", ["eng-lead", "mgr-east"])]
    sent = await outbox(sessions, order.id, "workorders.escalated")
    payload = ev.WorkOrderEscalated()
    sent[1].payload.Unpack(payload)
    assert (payload.level, list(payload.notify_ids)) == (2, ["eng-lead", "mgr-east"])
    assert payload.ref.department == "tech"  # the event contract's name for 技术部
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=order.id), metadata=as_user("eng1"))
    await tick(deps, sessions, at(31, 10))  # level 3 was due at Tuesday 9:30
    assert len(await outbox(sessions, order.id, "workorders.escalated")) == 2


async def test_an_order_opened_on_friday_evening_reminds_on_working_days_not_the_weekend(
        pinned: Any, stub: Any, as_user: Meta, deps: Any, sessions: Any) -> None:
    """Friday 17:00 with 4 working hours to accept: respond by Monday 12:00. The response
    reminder came halfway in wall time (Sunday 02:30), and the delivery warning for a due
    time of Monday 7 Dec 10:00 24 wall hours before it, on Sunday."""
    pinned.now = at(27, 17)
    due = Timestamp()
    due.FromDatetime(at(37, 10))
    order = await stub.CreateWorkOrder(pb.CreateWorkOrderRequest(
        need="非标件图纸", acceptance_standard="图纸确认", due_at=due, department="engineering"),
        metadata=as_user("rep1"))
    assert order.respond_by.ToDatetime(tzinfo=UTC) == at(30, 12)
    await tick(deps, sessions, at(29, 23, 59))  # the whole weekend: nobody is pinged
    assert await reminders(sessions, order.id, "response_due") == 0
    await tick(deps, sessions, at(30, 10))  # 2 of the 4 working hours: Monday 10:00
    assert await reminders(sessions, order.id, "response_due") == 1
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=order.id), metadata=as_user("eng1"))
    await tick(deps, sessions, at(34, 10))  # one working day before Monday 10:00: Friday
    assert await reminders(sessions, order.id, "delivery_due") == 1


async def test_overdue_lists_orders_past_their_response_time(
        pinned: Any, stub: Any, as_user: Meta) -> None:
    order = await new_order(stub, as_user)

    async def overdue_ids() -> set[str]:
        reply = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(overdue=True, page_size=100),
                                          metadata=as_user("rep1"))
        return {o.id for o in reply.work_orders}

    assert order.id not in await overdue_ids()
    pinned.now = at(30, 15, 31)
    assert order.id in await overdue_ids()


async def test_a_working_day_without_progress_sends_one_reminder(
        pinned: Any, stub: Any, as_user: Meta, deps: Any, sessions: Any) -> None:
    order = await new_order(stub, as_user)
    pinned.now = at(30, 10, 30)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=order.id), metadata=as_user("eng1"))
    await tick(deps, sessions, at(31, 17))   # Tuesday, still time to post
    assert await reminders(sessions, order.id, "no_progress") == 0
    await tick(deps, sessions, at(31, 18, 1))
    assert await reminders(sessions, order.id, "no_progress") == 1
    pinned.now = at(32, 10)
    await stub.PostProgress(pb.ActRequest(work_order_id=order.id, text="开始画图"),
                            metadata=as_user("eng1"))
    await tick(deps, sessions, at(32, 18, 1))  # updated Wednesday: nothing to remind
    assert await reminders(sessions, order.id, "no_progress") == 1


async def test_a_rejected_delivery_restarts_the_daily_progress_clock(
        pinned: Any, stub: Any, as_user: Meta, deps: Any, sessions: Any) -> None:
    order = await new_order(stub, as_user)
    for who, method, fields in (("eng1", "AcceptWorkOrder", {}),
                                ("eng1", "PostProgress", {"text": "完成"}),
                                ("eng1", "DeliverWorkOrder", {}),
                                ("rep1", "ReviewWorkOrder", {"accept": False, "text": "缺尺寸"})):
        await getattr(stub, method)(pb.ActRequest(work_order_id=order.id, **fields),
                                    metadata=as_user(who))
    await tick(deps, sessions, at(31, 18, 1))  # Tuesday: no update since the rejection
    assert await reminders(sessions, order.id, "no_progress") == 1


async def test_a_delivery_rejected_after_its_due_time_escalates_again(
        pinned: Any, stub: Any, as_user: Meta, deps: Any, sessions: Any) -> None:
    """Delivered on Wednesday, due Thursday 18:00, rejected on Friday afternoon: every
    delivery level had come due while it sat delivered (nothing to escalate then), so the
    reworked, overdue order never escalated to anyone, however long the rework took."""
    order = await new_order(stub, as_user)  # due Thursday 3 Dec 18:00
    for who, method, fields in (("eng1", "AcceptWorkOrder", {}),
                                ("eng1", "PostProgress", {"text": "完成"}),
                                ("eng1", "DeliverWorkOrder", {})):
        await getattr(stub, method)(pb.ActRequest(work_order_id=order.id, **fields),
                                    metadata=as_user(who))
    await tick(deps, sessions, at(34, 14, 31))  # levels 1-3 all due while delivered
    pinned.now = at(34, 15)
    await stub.ReviewWorkOrder(pb.ActRequest(work_order_id=order.id, accept=False,
                                             text="缺尺寸"), metadata=as_user("rep1"))
    for moment in (at(34, 15, 1), at(34, 17, 1), at(37, 10, 1)):  # the chain from now
        await tick(deps, sessions, moment)
    seen = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order.id),
                                   metadata=as_user("rep1"))
    assert [(e.level, e.clock) for e in seen.escalations] == [
        (1, "delivery"), (2, "delivery"), (3, "delivery")]
    # Delivered and rejected again: the levels that escalated are not re-armed.
    for who, method, fields in (("eng1", "DeliverWorkOrder", {}),
                                ("rep1", "ReviewWorkOrder", {"accept": False, "text": "仍缺"})):
        await getattr(stub, method)(pb.ActRequest(work_order_id=order.id, **fields),
                                    metadata=as_user(who))
    await tick(deps, sessions, at(40, 18))
    assert len(await outbox(sessions, order.id, "workorders.escalated")) == 3


def stage_changed(opportunity_id: str, *, nonstandard: bool = True,
                  to_stage: str = "solution_design") -> pipeline_events.StageChanged:
    return pipeline_events.StageChanged(
        opportunity_id=opportunity_id, owner_id="rep1", region_id="east",
        from_stage="needs_confirmed", to_stage=to_stage, nonstandard_support=nonstandard,
        nonstandard_request="耐高温 400℃ 的非标阀门", account_name="苏州精工")


async def test_entering_solution_design_with_a_nonstandard_need_opens_one_engineering_order(
        deps: Any, sessions: Any, stub: Any, as_user: Meta) -> None:
    handle = on_stage_changed(deps)
    opportunity = str(uuid.uuid4())
    for _ in range(2):  # a second move into the stage while the first order is live
        async with UnitOfWork(sessions, source="workorders") as uow:
            await handle(uow, Envelope(type="pipeline.stage_changed"), stage_changed(opportunity))
            await uow.commit()
    reply = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(opportunity_id=opportunity),
                                      metadata=as_user("rep1"))
    assert len(reply.work_orders) == 1
    order = reply.work_orders[0]
    assert (order.department, order.requester_id, order.need, order.automatic) == (
        "engineering", "rep1", "耐高温 400℃ 的非标阀门", True)
    assert list(order.cc_ids) == ["mgr-east", "eng-lead"]


async def test_standard_deals_and_other_stages_open_nothing(deps: Any, sessions: Any,
                                                            stub: Any, as_user: Meta) -> None:
    handle = on_stage_changed(deps)
    opportunity = str(uuid.uuid4())
    for change in (stage_changed(opportunity, nonstandard=False),
                   stage_changed(opportunity, to_stage="quotation")):
        async with UnitOfWork(sessions, source="workorders") as uow:
            await handle(uow, Envelope(type="pipeline.stage_changed"), change)
            await uow.commit()
    reply = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(opportunity_id=opportunity),
                                      metadata=as_user("director"))
    assert len(reply.work_orders) == 0


async def test_demo_minutes_run_the_whole_chain_within_minutes(
        deps: Any, sessions: Any, as_user: Meta, stub: Any) -> None:
    """SALESOS_DEMO_WO_RESPONSE_MINUTES: respond within N wall minutes, each level N later."""
    from dataclasses import replace

    from workorders.domain.access import Actor
    from workorders.domain.creation import NewOrder
    from workorders.service_layer import ordering

    demo = replace(deps, demo_minutes=1.0, clock=lambda: MONDAY_10)
    order_id = await ordering.create(
        NewOrder("", "演示", "确认", "engineering", at(33, 18)), Actor("rep1", "rep", ("east",)),
        "", demo)
    for minutes in (1, 2, 3):
        later = MONDAY_10.replace(minute=minutes, second=1)
        await fire_due(clock_job(replace(demo, clock=lambda t=later: t)), sessions,
                       source="workorders", now=later)
    seen = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order_id),
                                   metadata=as_user("rep1"))
    assert [e.level for e in seen.escalations] == [1, 2, 3]
    assert seen.escalation_level == 3 and list(seen.escalations[2].notify_ids) == ["director"]
