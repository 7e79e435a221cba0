"""The work order's rules, without I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from workorders.domain import events
from workorders.domain.access import Actor, Visibility, can_read
from workorders.domain.errors import InvalidField, NotAllowed, TransitionRefused
from workorders.domain.model import WorkOrder

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 Shanghai
DEPT = "dept-eng"
ENGINEER = Actor("eng1", "engineer", department_id=DEPT)
OTHER_ENGINEER = Actor("eng2", "engineer", department_id=DEPT)
REP = Actor("rep1", "rep", ("east",))
SUPERVISOR = Actor("eng-lead", "engineer", department_id=DEPT)


def order(**overrides: object) -> WorkOrder:
    fields = dict(id="wo1", title="非标件图纸", need="图纸", acceptance_standard="评审通过",
                  department="engineering", department_id=DEPT, requester_id="rep1",
                  created_at=T0, due_at=T0 + timedelta(days=3),
                  respond_by=T0 + timedelta(hours=4), supervisor_id="eng-lead",
                  requester_manager_id="mgr-east", director_id="director", region_id="east")
    fields.update(overrides)
    return WorkOrder(**fields)  # type: ignore[arg-type]


def worked(o: WorkOrder) -> WorkOrder:
    o.accept(ENGINEER, T0 + timedelta(hours=1), response_seconds=3600)
    o.post_progress(ENGINEER, "画图中", T0 + timedelta(hours=2))
    return o


def test_a_department_member_takes_an_unassigned_order_and_becomes_its_assignee() -> None:
    o = order()
    o.accept(ENGINEER, T0 + timedelta(hours=1), response_seconds=3600)
    assert (o.state, o.assignee_id) == ("accepted", "eng1")
    assert isinstance(o.events[-1], events.Accepted) and o.events[-1].on_time


def test_someone_outside_the_department_cannot_take_an_order() -> None:
    with pytest.raises(NotAllowed):
        order().accept(REP, T0, response_seconds=0)


def test_only_the_named_assignee_accepts_an_assigned_order() -> None:
    o = order(assignee_id="eng2")
    with pytest.raises(NotAllowed):
        o.accept(ENGINEER, T0, response_seconds=0)
    o.accept(OTHER_ENGINEER, T0, response_seconds=0)
    assert o.state == "accepted"


def test_only_the_supervisor_assigns() -> None:
    with pytest.raises(NotAllowed):
        order().assign(ENGINEER, "eng2", T0)
    o = order()
    o.assign(SUPERVISOR, "eng2", T0)
    assert (o.state, o.assignee_id) == ("open", "eng2")


def test_the_supervisor_hands_an_accepted_order_on_and_the_work_stays_where_it_was() -> None:
    o = order(assignee_id="eng1")
    o.accept(ENGINEER, T0, response_seconds=0)
    o.events.clear()
    o.assign(SUPERVISOR, "eng2", T0)
    assert (o.state, o.assignee_id) == ("accepted", "eng2")
    o.assign(SUPERVISOR, "eng2", T0)  # already theirs: no second notice
    assert len(o.events) == 1


def test_a_handover_names_whom_it_was_taken_from_and_a_cancellation_who_cancelled() -> None:
    # notifications tells the engineer the order was taken from, and not the canceller
    o = order(assignee_id="eng1")
    o.accept(ENGINEER, T0, response_seconds=0)
    o.assign(SUPERVISOR, "eng2", T0)
    assert o.events[-1] == events.Assigned("eng-lead", T0, previous="eng1")
    o.cancel(SUPERVISOR, "客户取消", T0)
    assert o.events[-1] == events.Closed(True, "客户取消", T0, by="eng-lead")
    first = order()
    first.assign(SUPERVISOR, "eng2", T0)
    assert first.events[-1].previous == ""  # type: ignore[union-attr]


def test_first_progress_starts_the_work_and_only_the_assignee_posts() -> None:
    o = order()
    o.accept(ENGINEER, T0, response_seconds=0)
    with pytest.raises(NotAllowed):
        o.post_progress(OTHER_ENGINEER, "我来", T0)
    o.post_progress(ENGINEER, "画图中", T0 + timedelta(hours=1))
    assert o.state == "in_progress" and o.last_progress_at == T0 + timedelta(hours=1)


def test_delivering_before_work_started_skips_a_state_and_is_refused() -> None:
    o = order()
    o.accept(ENGINEER, T0, response_seconds=0)
    with pytest.raises(TransitionRefused):
        o.deliver(ENGINEER, "", T0)
    assert o.state == "accepted"


def test_someone_who_is_not_the_assignee_cannot_deliver() -> None:
    with pytest.raises(NotAllowed):
        worked(order()).deliver(OTHER_ENGINEER, "", T0)


def test_rejection_needs_a_reason_and_sends_the_order_back_to_in_progress() -> None:
    o = worked(order())
    o.deliver(ENGINEER, "图纸见附件", T0 + timedelta(hours=3))
    with pytest.raises(InvalidField) as refused:
        o.review(REP, False, " ", T0)
    assert refused.value.field == "reason"
    o.review(REP, False, "尺寸不对", T0 + timedelta(hours=4))
    assert (o.state, o.rejections) == ("in_progress", 1)
    o.deliver(ENGINEER, "改好了", T0 + timedelta(hours=5))
    o.review(REP, True, "", T0 + timedelta(hours=6))
    assert o.state == "closed" and o.first_pass is False


def test_accepted_first_time_counts_as_first_pass_and_closes() -> None:
    o = worked(order())
    o.deliver(ENGINEER, "", T0 + timedelta(hours=3))
    o.review(REP, True, "", T0 + timedelta(hours=4))
    assert o.state == "closed" and o.first_pass is True and o.delivered_on_time is True
    kinds = [type(e).__name__ for e in o.events]
    assert kinds[-2:] == ["Reviewed", "Closed"]


def test_only_the_requester_reviews() -> None:
    o = worked(order())
    o.deliver(ENGINEER, "", T0)
    with pytest.raises(NotAllowed):
        o.review(ENGINEER, True, "", T0)


def test_cancel_needs_a_reason_and_a_closed_order_cannot_be_cancelled() -> None:
    o = order()
    with pytest.raises(InvalidField):
        o.cancel(REP, "", T0)
    o.cancel(REP, "客户取消", T0)
    assert o.state == "cancelled"
    with pytest.raises(TransitionRefused):
        o.cancel(REP, "again", T0)


def test_escalation_levels_notify_assignee_then_supervisors_then_director() -> None:
    o = order(assignee_id="eng1")
    assert o.notify_for(1) == ("eng1",)
    assert o.notify_for(2) == ("eng-lead", "mgr-east")
    assert o.notify_for(3) == ("director",)
    assert order().notify_for(1) == ("eng-lead",)  # nobody has it yet: the supervisor


def test_response_clock_stops_once_accepted() -> None:
    o = order()
    assert o.escalate(1, "response", T0) and o.escalation_level == 1
    o.accept(ENGINEER, T0, response_seconds=0)
    assert not o.escalate(2, "response", T0)
    assert o.escalate(2, "delivery", T0) and o.escalation_level == 2


def test_progress_reminder_only_when_no_update_since() -> None:
    o = order()
    o.accept(ENGINEER, T0, response_seconds=0)
    assert o.remind_progress(T0, T0 + timedelta(days=1))
    o.post_progress(ENGINEER, "进行中", T0 + timedelta(hours=1))
    assert not o.remind_progress(T0, T0 + timedelta(days=1))


def test_visibility_department_requester_copy_and_region_manager() -> None:
    seen = Visibility("rep1", "", ("mgr-east", "eng-lead"), DEPT, "east")
    assert can_read(ENGINEER, seen)
    assert can_read(REP, seen)
    assert can_read(Actor("mgr-x", "manager", ("east",)), seen)
    assert not can_read(Actor("mgr-y", "manager", ("south",)), seen)
    assert not can_read(Actor("rep2", "rep", ("east",)), seen)
    assert not can_read(Actor("fin", "finance", department_id="dept-fin"), seen)
    assert can_read(Actor("d", "director"), seen)


def test_due_soon_reminders_only_while_someone_still_has_to_act() -> None:
    o = order()
    assert o.remind_due("response_due", T0)
    o.accept(ENGINEER, T0, response_seconds=0)
    assert not o.remind_due("response_due", T0)
    assert o.remind_due("delivery_due", T0)
    assert [e.reason for e in o.events if isinstance(e, events.Reminded)] == [
        "response_due", "delivery_due"]
