"""Who a leaver's work order goes to, without I/O (domain/handover.py)."""

from __future__ import annotations

from datetime import timedelta

from workorders.domain import events
from workorders.domain.handover import Handover, hand_over

from .test_work_order_flow import DEPT, ENGINEER, REP, T0, order, worked

LATER = T0 + timedelta(days=1)


def leaving(who: str, *, heir_department: str = "dept-sales") -> Handover:
    return Handover(handover_id="h1", from_user_id=who, from_name=who, to_user_id="rep2",
                    to_name="rep2", to_manager_id="mgr-west", to_department_id=heir_department,
                    by_user_id="admin", reason="离职")


def test_a_requested_order_gets_the_successor_and_their_manager_in_copy() -> None:
    o = worked(order())
    assert hand_over(o, leaving("rep1"), LATER) == ["requester"]
    assert (o.requester_id, o.cc_ids, o.state) == ("rep2", ("mgr-west", "eng-lead"),
                                                   "in_progress")
    assert o.entries[-1].text == "离职交接：发起人由 rep1 交接给 rep2（离职）"
    said = o.events[-1]
    assert isinstance(said, events.HandedOver)
    assert (said.part, said.to_user, said.handover_id) == ("requester", "rep2", "h1")


def test_an_engineers_order_goes_back_to_the_queue_with_its_state_kept() -> None:
    o = worked(order())
    assert hand_over(o, leaving("eng1"), LATER) == ["requeued"]
    assert (o.assignee_id, o.state, o.requester_id) == ("", "in_progress", "rep1")
    assert o.entries[-1].text == "离职交接：处理人 eng1 离开，工单退回engineering待指派（离职）"


def test_a_successor_of_the_department_carries_the_work_on() -> None:
    o = worked(order())
    assert hand_over(o, leaving("eng1", heir_department=DEPT), LATER) == ["reassigned"]
    assert o.assignee_id == "rep2"


def test_closed_and_cancelled_orders_stay_as_they_are() -> None:
    closed = worked(order())
    closed.deliver(ENGINEER, "图纸", T0 + timedelta(hours=3))
    closed.review(REP, True, "", T0 + timedelta(hours=4))
    cancelled = order()
    cancelled.cancel(REP, "不需要了", T0)
    for o in (closed, cancelled):
        o.events.clear()
        assert hand_over(o, leaving("rep1"), LATER) == []
        assert hand_over(o, leaving("eng1"), LATER) == []
        assert (o.requester_id, o.events) == ("rep1", [])
