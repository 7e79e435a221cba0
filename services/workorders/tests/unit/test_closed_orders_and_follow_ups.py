"""A closed or cancelled order is read-only and never reopened; a follow-up order carries
it on. The rules, without I/O."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from workorders.domain.access import Actor, Visibility, can_read
from workorders.domain.errors import InvalidField, ReadOnly, TransitionRefused
from workorders.domain.follow_up import FollowUpAsk, default_title, new_order
from workorders.domain.model import WorkOrder

from .test_work_order_flow import DEPT, ENGINEER, REP, SUPERVISOR, T0, order, worked

DIRECTOR = Actor("director", "director")
LATER = T0 + timedelta(days=1)


def delivered() -> WorkOrder:
    o = worked(order())
    o.deliver(ENGINEER, "图纸见附件", T0 + timedelta(hours=3))
    return o


def closed() -> WorkOrder:
    o = delivered()
    o.review(REP, True, "", T0 + timedelta(hours=4))
    return o


def cancelled() -> WorkOrder:
    o = order()
    o.cancel(REP, "客户取消", T0 + timedelta(hours=1))
    return o


# Every write a person can make on an order, by someone who could make it on a live one.
WRITES: dict[str, Callable[[WorkOrder], None]] = {
    "comment by the requester": lambda o: o.comment(REP, "还需要一份剖面图", LATER),
    "comment by the engineer": lambda o: o.comment(ENGINEER, "补充说明", LATER),
    "progress": lambda o: o.post_progress(ENGINEER, "又画了一张", LATER),
    "assign": lambda o: o.assign(SUPERVISOR, "eng2", LATER),
    "accept": lambda o: o.accept(Actor("eng2", "engineer", department_id=DEPT), LATER,
                                 response_seconds=0),
    "deliver": lambda o: o.deliver(ENGINEER, "再交一次", LATER),
    "review": lambda o: o.review(REP, False, "还缺剖面图", LATER),
    "cancel": lambda o: o.cancel(DIRECTOR, "不要了", LATER),
}


@pytest.mark.parametrize("ended", [closed, cancelled], ids=["closed", "cancelled"])
@pytest.mark.parametrize("write", sorted(WRITES))
def test_nothing_more_is_written_to_a_closed_or_cancelled_order(
        ended: Callable[[], WorkOrder], write: str) -> None:
    o = ended()
    state, events_before = o.state, len(o.events)
    o.entries.clear()  # what the steps before logged is saved already
    with pytest.raises(ReadOnly) as refused:
        WRITES[write](o)
    assert refused.value.message.startswith("工单已关闭" if state == "closed" else "工单已取消")
    assert "跟进工单" in refused.value.message
    assert isinstance(refused.value, TransitionRefused)  # 409, like any step out of turn
    assert (refused.value.order_id, refused.value.state) == (o.id, state)  # the follow-up link
    assert (o.state, len(o.events), o.entries) == (state, events_before, [])


def test_a_delivered_order_awaiting_review_still_takes_comments() -> None:
    """Delivered is not closed: the requester says what is missing in a comment, then
    accepts or rejects the delivery."""
    o = delivered()
    o.comment(REP, "剖面图还没有", LATER)
    assert o.state == "delivered" and o.entries[-1].text == "剖面图还没有"
    o.require_writable()  # attachments too


def test_a_follow_up_carries_the_department_deal_and_title_of_a_closed_order() -> None:
    o = closed()
    o.opportunity_id = "0190b5a2-0000-7000-8000-000000000001"
    due = LATER + timedelta(days=2)
    new = new_order(o, FollowUpAsk(need="  还需要一份剖面图  "), now=LATER, default_due=due)
    assert (new.title, new.need, new.department, new.opportunity_id, new.due_at,
            new.acceptance_standard, new.assignee_id) == (
        "跟进：非标件图纸", "还需要一份剖面图", "engineering", o.opportunity_id, due,
        "评审通过", "")


def test_a_follow_up_takes_its_own_title_standard_and_due_time_when_given() -> None:
    asked = FollowUpAsk(need="剖面图", title="剖面图补充", acceptance_standard="客户确认",
                        due_at=LATER + timedelta(days=5))
    new = new_order(cancelled(), asked, now=LATER, default_due=LATER + timedelta(days=1))
    assert (new.title, new.acceptance_standard, new.due_at) == (
        "剖面图补充", "客户确认", LATER + timedelta(days=5))


def test_a_follow_up_of_a_follow_up_is_not_prefixed_twice() -> None:
    assert default_title("跟进：非标件图纸") == "跟进：非标件图纸"
    assert len(default_title("图" * 200)) == 200


@pytest.mark.parametrize(("asked", "field"), [
    (FollowUpAsk(need=" "), "need"),
    (FollowUpAsk(need="剖面图", due_at=T0), "due_at"),
    (FollowUpAsk(need="剖面图", due_at=LATER + timedelta(days=400)), "due_at"),
    (FollowUpAsk(need="剖面图", title="题" * 201), "title"),
])
def test_a_follow_up_is_checked_like_any_new_order(asked: FollowUpAsk, field: str) -> None:
    with pytest.raises(InvalidField) as refused:
        new_order(closed(), asked, now=LATER, default_due=LATER + timedelta(days=1))
    assert refused.value.field == field


@pytest.mark.parametrize("live", [order, lambda: worked(order()), delivered],
                         ids=["open", "in_progress", "delivered"])
def test_an_order_still_live_gets_a_comment_not_a_follow_up(
        live: Callable[[], WorkOrder]) -> None:
    o = live()
    with pytest.raises(TransitionRefused) as refused:
        new_order(o, FollowUpAsk(need="剖面图"), now=LATER, default_due=LATER)
    assert "请直接在该工单上留言" in refused.value.message


def test_the_requester_of_an_order_reads_its_follow_ups_whoever_opened_them() -> None:
    by_engineer = Visibility("eng2", "", ("eng-lead",), DEPT, "east",
                             upstream_requester_ids=("rep1",))
    assert can_read(REP, by_engineer)
    assert not can_read(Actor("rep2", "rep", ("east",)), by_engineer)
