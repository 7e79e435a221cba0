"""Who hears what between a work order's requester and the department (QA findings
N1-N10): the other side, never the person who acted, in words that fit their step."""

from __future__ import annotations

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from notifications.domain import templates
from notifications.domain.notices import Notice
from notifications.domain.workorder_notices import BY_TYPE
from salesos.events.v1 import workorders_pb2 as ev

DUE = Timestamp(seconds=1_772_000_000)         # 2月25日 14:13 Shanghai
RESPOND_BY = Timestamp(seconds=1_771_740_800)  # 2月22日 14:13


def ref(**values: object) -> ev.WorkOrderRef:
    fields: dict[str, object] = dict(
        work_order_id="wo1", title="非标法兰图纸", department="tech", department_name="技术部",
        requester_id="rep01", assignee_id="eng1", cc_ids=["mgr-east", "eng-lead"],
        supervisor_id="eng-lead", due_at=DUE, state="in_progress")
    return ev.WorkOrderRef(**(fields | values))  # type: ignore[arg-type]


def notices(event_type: str, event: object) -> list[Notice]:
    return BY_TYPE[event_type](event)


def text(notice: Notice, language: str = "zh-CN") -> str:
    message = templates.render(notice.kind, notice.params | {
        param: f"<{uid}>" for param, uid in notice.people.items()}, language)
    return f"{message.title}|{message.body}"


EVENTS = {
    "workorders.accepted": ev.WorkOrderAccepted(ref=ref(state="accepted"), on_time=True),
    "workorders.progress_posted": ev.WorkOrderProgressPosted(ref=ref(), by_user_id="eng1",
                                                            text="初稿完成 60%"),
    "workorders.commented": ev.WorkOrderCommented(ref=ref(), by_user_id="rep01",
                                                  text="客户要求加防腐涂层"),
    "workorders.reviewed": ev.WorkOrderReviewed(ref=ref(), accepted=False, reason="缺尺寸",
                                                by_user_id="rep01"),
    "workorders.cancelled": ev.WorkOrderClosed(ref=ref(state="cancelled"), cancelled=True,
                                               reason="客户取消", by_user_id="rep01"),
    "workorders.assigned": ev.WorkOrderAssigned(ref=ref(assignee_id="eng2"),
                                                by_user_id="eng-lead",
                                                previous_assignee_id="eng1"),
}


@pytest.mark.parametrize("event_type", sorted(EVENTS))
@pytest.mark.parametrize("language", templates.LANGUAGES)
def test_every_step_between_requester_and_department_renders_in_every_language(
        event_type: str, language: str) -> None:
    for notice in notices(event_type, EVENTS[event_type]):
        assert notice.link == "/workorders/wo1"
        rendered = text(notice, language)
        assert "{" not in rendered and "-|" not in rendered
        if language == "en":  # what people wrote stays as written; the rest is English
            for written in ("非标法兰图纸", "初稿完成", "客户要求加防腐涂层", "缺尺寸", "客户取消"):
                rendered = rendered.replace(written, "")
            assert not any("\u4e00" <= c <= "\u9fff" for c in rendered), rendered


def test_the_engineer_reads_that_the_delivery_was_rejected_and_why() -> None:
    [notice] = notices("workorders.reviewed", EVENTS["workorders.reviewed"])
    assert notice.users == ("eng1",)  # the requester rejected: not told of it themself
    assert text(notice) == ("工单交付被退回：非标法兰图纸|<rep01> 退回了交付，原因：缺尺寸。"
                            "工单回到处理中，请修改后重新交付（截止 2月25日 14:13）。")


def test_an_accepted_delivery_tells_the_engineer_and_the_requester_when_a_director_reviewed(
        ) -> None:
    [own] = notices("workorders.reviewed", ev.WorkOrderReviewed(
        ref=ref(state="closed"), accepted=True, first_pass=True, by_user_id="rep01"))
    assert own.users == ("eng1",)
    assert text(own) == ("工单已验收通过：非标法兰图纸|"
                         "<rep01> 验收通过了交付（一次通过），工单已关闭。")
    assert text(own, "en").endswith("accepted the delivery first time; the order is closed.")
    [for_them] = notices("workorders.reviewed", ev.WorkOrderReviewed(
        ref=ref(state="closed"), accepted=True, reason="很好", by_user_id="director"))
    assert for_them.users == ("eng1", "rep01")
    assert text(for_them).endswith("工单已关闭。验收意见：很好。")


def test_a_cancellation_stops_the_assignee_with_its_reason_and_spares_whoever_cancelled(
        ) -> None:
    [notice] = notices("workorders.cancelled", EVENTS["workorders.cancelled"])
    assert notice.users == ("eng1",)
    assert text(notice) == ("工单已取消：非标法兰图纸|"
                            "<rep01> 取消了该工单，无需继续处理。原因：客户取消。")
    [unassigned] = notices("workorders.cancelled", ev.WorkOrderClosed(
        ref=ref(assignee_id="", state="cancelled"), cancelled=True, reason="需求变更",
        by_user_id="rep01"))
    assert unassigned.users == ("eng-lead",)  # the supervisor, not the requester's manager
    [by_supervisor] = notices("workorders.cancelled", ev.WorkOrderClosed(
        ref=ref(state="cancelled"), cancelled=True, reason="重复工单", by_user_id="eng-lead"))
    assert by_supervisor.users == ("eng1", "rep01")  # the requester hears of it too


def test_the_requester_hears_who_took_the_order_and_each_progress_post() -> None:
    [taken] = notices("workorders.accepted", EVENTS["workorders.accepted"])
    assert taken.users == ("rep01",) and taken.people["assignee"] == "eng1"
    assert text(taken) == ("工单已接单：非标法兰图纸|"
                           "<eng1>（技术部）已接单，交付截止 2月25日 14:13。")
    [post] = notices("workorders.progress_posted", EVENTS["workorders.progress_posted"])
    assert post.users == ("rep01",) and text(post) == "工单进展：非标法兰图纸|<eng1>：初稿完成 60%"
    [long] = notices("workorders.progress_posted", ev.WorkOrderProgressPosted(
        ref=ref(), by_user_id="eng1", text="长" * 500))
    assert long.params["text"] == "长" * 200 + "…"  # the order keeps it whole


def test_a_comment_goes_to_the_other_side_never_to_its_author() -> None:
    def told(author: str, **values: object) -> tuple[str, ...]:
        [notice] = notices("workorders.commented", ev.WorkOrderCommented(
            ref=ref(**values), by_user_id=author, text="请补充尺寸"))
        assert author not in notice.users
        return notice.users

    assert told("rep01") == ("eng1",)
    assert told("rep01", assignee_id="") == ("eng-lead",)  # the supervisor while unassigned
    assert told("eng1") == ("rep01",)
    assert told("eng-lead") == ("rep01", "eng1")  # a supervisor's word reaches both sides
    assert told("eng-lead", assignee_id="") == ("rep01",)


def test_an_unassigned_orders_response_reminder_goes_to_the_supervisor_not_the_sales_manager(
        ) -> None:
    [notice] = notices("workorders.reminded", ev.WorkOrderReminded(
        ref=ref(assignee_id="", state="open"), reason="response_due", respond_by=RESPOND_BY))
    assert notice.users == ("eng-lead",)
    [before] = notices("workorders.reminded", ev.WorkOrderReminded(  # no supervisor_id yet
        ref=ref(assignee_id="", supervisor_id="", state="open"), reason="response_due"))
    assert before.users == ("mgr-east", "eng-lead")


def test_a_reminder_goes_to_whom_workorders_names_now_not_to_the_ref_of_the_order(
        ) -> None:
    """The supervisor left and nobody leads 技术部: workorders names the director."""
    [notice] = notices("workorders.reminded", ev.WorkOrderReminded(
        ref=ref(assignee_id="", supervisor_id="", cc_ids=["mgr-east"], state="open"),
        reason="response_due", respond_by=RESPOND_BY, notify_ids=["director"]))
    assert notice.users == ("director",)
    [progress] = notices("workorders.reminded", ev.WorkOrderReminded(  # eng1 left
        ref=ref(state="in_progress"), reason="no_progress", notify_ids=["eng-lead"]))
    assert progress.users == ("eng-lead",)


def test_a_response_escalation_quotes_the_response_deadline_it_missed() -> None:
    [notice] = notices("workorders.escalated", ev.WorkOrderEscalated(
        ref=ref(assignee_id="", state="open"), level=1, clock="response",
        notify_ids=["eng-lead"], respond_by=RESPOND_BY))
    assert text(notice).endswith("响应已超时，当前负责人 未指派。截止 2月22日 14:13。")
    [late] = notices("workorders.escalated", ev.WorkOrderEscalated(
        ref=ref(), level=1, clock="delivery", notify_ids=["eng1"], respond_by=RESPOND_BY))
    assert text(late).endswith("截止 2月25日 14:13。")


def test_the_delivery_department_is_named_as_everywhere_else() -> None:
    event = ev.WorkOrderCreated(ref=ref(department="delivery", department_name="交付部"))
    [notice] = notices("workorders.created", event)
    assert text(notice).startswith("新工单（交付部）")
    [before] = notices("workorders.created", ev.WorkOrderCreated(  # no department_name yet
        ref=ref(department="delivery", department_name="")))
    assert text(before).startswith("新工单（交付部）")
    assert text(before, "en").startswith("New work order (delivery)")


def test_a_handover_tells_the_new_engineer_to_carry_on_and_the_old_one_to_stop() -> None:
    to_new, to_old = notices("workorders.assigned", EVENTS["workorders.assigned"])
    assert (to_new.users, to_old.users) == (("eng2",), ("eng1",))
    assert text(to_new) == ("工单已改派给您（技术部）：非标法兰图纸|"
                            "工单已改派给您，请继续处理。交付截止 2月25日 14:13。")
    assert text(to_old) == ("工单已改派他人：非标法兰图纸|"
                            "<eng-lead> 已将该工单改派给 <eng2>，您无需再处理。")


def test_an_open_order_assigned_afresh_still_asks_for_acceptance_and_tells_whom_it_left(
        ) -> None:
    event = ev.WorkOrderAssigned(ref=ref(assignee_id="eng2", state="open"),
                                 by_user_id="eng-lead", respond_by=RESPOND_BY,
                                 previous_assignee_id="eng1")
    to_new, to_old = notices("workorders.assigned", event)
    assert to_new.kind == "workorder_assigned" and "请在 2月22日 14:13 前接单" in text(to_new)
    assert (to_old.kind, to_old.users) == ("workorder_handed_off", ("eng1",))
    [own] = notices("workorders.assigned", ev.WorkOrderAssigned(
        ref=ref(assignee_id="eng-lead", state="open"), by_user_id="eng-lead"))
    assert own.users == ()  # the supervisor who took it on themself needs no notice


def _follow_up(**origin: object) -> ev.WorkOrderCreated:
    return ev.WorkOrderCreated(
        ref=ref(work_order_id="wo2", title="跟进：非标法兰图纸", assignee_id="", state="open"),
        need="还需要一份剖面图", follow_up_of=ev.FollowUpOf(**({
            "work_order_id": "wo1", "title": "非标法兰图纸", "assignee_id": "eng1",
            "state": "closed"} | origin)))  # type: ignore[arg-type]


@pytest.mark.parametrize("language", templates.LANGUAGES)
def test_the_engineer_of_a_closed_order_hears_that_a_follow_up_was_opened(
        language: str) -> None:
    created, told_them = notices("workorders.created", _follow_up())
    assert created.kind == "workorder_created"  # the queue hears of it as of any order
    assert (told_them.kind, told_them.users, told_them.link) == (
        "workorder_follow_up_opened", ("eng1",), "/workorders/wo2")
    rendered = text(told_them, language)
    assert "{" not in rendered and "-|" not in rendered
    if language == "zh-CN":
        assert rendered == ("您处理过的工单有跟进（技术部）：跟进：非标法兰图纸|<rep01> 就已结束的"
                            "工单「非标法兰图纸」发起了跟进工单：还需要一份剖面图。"
                            "交付截止 2月25日 14:13。")


def test_nobody_else_hears_of_a_follow_up_and_an_order_opened_on_its_own_tells_nobody_more(
        ) -> None:
    for origin in ({"assignee_id": ""},         # cancelled before anyone took it
                   {"assignee_id": "rep01"}):   # who opened it knows
        assert [n.kind for n in notices("workorders.created", _follow_up(**origin))] == [
            "workorder_created"]
    assert [n.kind for n in notices("workorders.created", ev.WorkOrderCreated(ref=ref()))] \
        == ["workorder_created"]


@pytest.mark.parametrize("language", templates.LANGUAGES)
def test_the_requester_hears_when_someone_else_opened_a_follow_up_of_their_order(
        language: str) -> None:
    """rep05 asked for the drawing; rep01 (who took the customer over) follows it up."""
    _, engineer, requester = notices("workorders.created", _follow_up(requester_id="rep05"))
    assert engineer.users == ("eng1",)
    assert (requester.kind, requester.users, requester.link) == (
        "workorder_follow_up_of_yours", ("rep05",), "/workorders/wo2")
    rendered = text(requester, language)
    assert "{" not in rendered and "-|" not in rendered
    if language == "zh-CN":
        assert rendered.startswith(
            "您发起的工单有跟进（技术部）：跟进：非标法兰图纸|<rep01> 就您发起的")


def test_a_requester_who_follows_up_their_own_order_is_not_told_of_it() -> None:
    kinds = [n.kind for n in notices("workorders.created", _follow_up(requester_id="rep01"))]
    assert kinds == ["workorder_created", "workorder_follow_up_opened"]
    # an engineer who asked their own department and worked it too hears once
    both = notices("workorders.created", _follow_up(requester_id="eng1"))
    assert [n.kind for n in both] == ["workorder_created", "workorder_follow_up_opened"]


def test_an_english_speaking_requester_reads_whether_the_delivery_was_on_time_in_english(
        ) -> None:
    """The English text left out whether the delivery came on time, and `{on_time}` (a
    parameter admins may put in it) was 「（已逾期）」 in any language."""
    late = ev.WorkOrderDelivered(ref=ref(state="delivered"), delivered_at=DUE, on_time=False)
    [notice] = BY_TYPE["workorders.delivered"](late)
    assert text(notice, "en").endswith("Delivered at Feb 25, 14:13 (late).")
    assert text(notice).endswith("交付时间 2月25日 14:13（已逾期）。请验收或退回并说明原因。")
    on_time = ev.WorkOrderDelivered(ref=ref(state="delivered"), delivered_at=DUE, on_time=True)
    [notice] = BY_TYPE["workorders.delivered"](on_time)
    assert text(notice, "en").endswith("Delivered at Feb 25, 14:13 (on time).")
