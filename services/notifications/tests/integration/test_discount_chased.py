"""A waiting quote discount is chased as a contract step is, through the real consumer
and database: its reminder reaches whoever it asked, its escalation the directors too;
sent back before 方案设计 its asks (and reminders) are withdrawn as paused, and asked
again when the deal comes forward; a reminder coming late for a paused one asks nobody."""

from __future__ import annotations

import uuid

import pytest
from salesos.events.v1 import pipeline_pb2

from .conftest import Running
from .test_approval_withdrawn import items
from .test_channels_delivery import person
from .test_decided_elsewhere import DISCOUNT, discount_asked
from .test_told_to_others import handled

pytestmark = pytest.mark.integration
OVERDUE = "报价折扣审批超时（第 {level} 级升级）：恒力液压 第 2 版"


def chased(quote_id: str, *, region: str, owner: str, level: int
           ) -> pipeline_pb2.DiscountEscalated:
    return pipeline_pb2.DiscountEscalated(
        quote_id=quote_id, opportunity_id="o2", version=2, approval_role="manager",
        owner_id=owner, region_id=region, account_name="恒力液压", created_by=owner,
        discount_bp=1_200, total_fen=88_000_000, level=level)


async def test_a_waiting_discount_reminds_its_managers_then_tells_a_director(
        running: Running) -> None:
    region = f"east-{uuid.uuid4().hex[:6]}"
    manager, director = person(running, "manager", managed=(region,)), person(running,
                                                                              "director")
    rep, quote = person(running, manager_id=manager), str(uuid.uuid4())
    await handled(running, await running.publish(
        discount_asked(quote, region=region, owner=rep),
        type="pipeline.discount_approval_requested"))
    await handled(running, await running.publish(
        chased(quote, region=region, owner=rep, level=1), type="pipeline.discount_escalated"))
    assert sorted(i["title"] for i in await items(running, manager)) == sorted([
        OVERDUE.format(level=1), DISCOUNT])
    assert OVERDUE.format(level=1) not in [i["title"] for i in await items(running, director)]
    await handled(running, await running.publish(
        chased(quote, region=region, owner=rep, level=2), type="pipeline.discount_escalated"))
    [told] = [i for i in await items(running, director) if i["about"] == f"quote_discount:{quote}"]
    assert told["title"] == OVERDUE.format(level=2)
    assert await items(running, rep) == []  # the rep chases nobody about his own discount

    # the deal goes back to 需求确认: all of it is withdrawn as paused
    await handled(running, await running.publish(pipeline_pb2.DiscountWithdrawn(
        quote_id=quote, opportunity_id="o2", why="deal_sent_back", owner_id=rep,
        account_name="恒力液压"), type="pipeline.discount_withdrawn"))
    for who in (manager, director):
        mine = [i for i in await items(running, who) if i["about"] == f"quote_discount:{quote}"]
        assert mine and all(i["withdrawn_at"] is not None for i in mine)
        assert all(str(i["body"]).startswith("已撤回：商机已退回，折扣审批暂停。") for i in mine)
    late = await running.publish(chased(quote, region=region, owner=rep, level=1),
                                 type="pipeline.discount_escalated")
    await handled(running, late)  # a reminder fired before the move, handled after it
    assert len(await items(running, manager)) == 3

    # back in 方案设计 with the same quote: asked again
    again = discount_asked(quote, region=region, owner=rep)
    again.resumed = True
    await handled(running, await running.publish(
        again, type="pipeline.discount_approval_requested"))
    assert [i["title"] for i in await items(running, manager)
            if i["withdrawn_at"] is None] == [DISCOUNT]


async def test_a_delegate_named_later_is_asked_and_loses_it_when_someone_else_holds_it(
        running: Running) -> None:
    """mgr-east was asked for the 12 %, then went away: his delegate is asked (only he:
    mgr-east is not asked twice); mgr-east names another delegate instead, then ends the
    delegation — each former delegate's ask is withdrawn, mgr-east's stays."""
    region = f"east-{uuid.uuid4().hex[:6]}"
    east = person(running, "manager", managed=(region,))
    first, second = person(running, "manager"), person(running, "manager")
    rep, quote = person(running, manager_id=east), str(uuid.uuid4())
    await handled(running, await running.publish(
        discount_asked(quote, region=region, owner=rep),
        type="pipeline.discount_approval_requested"))

    def holders(*delegates: str) -> pipeline_pb2.DiscountApprovalRequested:
        moved = discount_asked(quote, region=region, owner=rep, delegates=delegates)
        moved.handed_on = True
        return moved

    for delegates in ((first,), (first,), (second,), ()):
        await handled(running, await running.publish(
            holders(*delegates), type="pipeline.discount_approval_requested"))
    [mine] = await items(running, east)
    assert (mine["title"], mine["withdrawn_at"]) == (DISCOUNT, None)
    [held] = await items(running, first)  # asked once, though named twice
    assert held["withdrawn_at"] is not None
    assert str(held["body"]).startswith("已撤回：该折扣已转由他人审批。")
    [then] = [i for i in await items(running, second) if i["about"] == f"quote_discount:{quote}"]
    assert then["withdrawn_at"] is not None and then["title"] == f"【已撤回】{DISCOUNT}"
