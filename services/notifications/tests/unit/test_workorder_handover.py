"""A leaver's moved work order: the successor's count is in the handover's one item; here
is who else must act on the one order. The engineer working on a request hears whom to
talk to now, the successor that a delivery waits for their review, the supervisor that an
order is back in the queue; never the admin who ran the handover, never the leaver."""

from __future__ import annotations

from notifications.domain import templates
from notifications.domain.workorder_handover import handed_over
from salesos.events.v1 import workorders_pb2 as wo

BY = "u-admin"


def _moved(part: str, to: str = "", *, state: str = "in_progress", assignee: str = "u-eng"
           ) -> wo.WorkOrderHandedOver:
    ref = wo.WorkOrderRef(work_order_id="w1", title="非标夹具评估", department="tech",
                          department_name="技术部", requester_id=to or "u-left",
                          assignee_id=assignee, supervisor_id="u-sup",
                          cc_ids=["u-sup", "u-mgr"], state=state)
    return wo.WorkOrderHandedOver(ref=ref, handover_id="h1", part=part,
                                  from_user_id="u-left", from_username="rep21",
                                  to_user_id=to, to_username="rep22" if to else "",
                                  by_user_id=BY, reason="离职", leaver_manager_id="u-mgr")


def _render(notice: object, language: str = "zh-CN") -> templates.Message:
    named = notice.params | {"from_name": "唐欣", "to_name": "李明"}  # type: ignore[attr-defined]
    return templates.render(notice.kind, named, language)  # type: ignore[attr-defined]


def test_the_engineer_on_a_requested_order_is_told_whom_to_talk_to_now() -> None:
    [notice] = handed_over(_moved("requester", "u-heir"))
    assert (notice.kind, notice.users, notice.link) == (
        "workorder_requester_changed", ("u-eng",), "/workorders/w1")
    assert notice.people["from_name"] == "u-left" and notice.people["to_name"] == "u-heir"
    said = _render(notice)
    assert said.title == "工单发起人已变更：非标夹具评估"
    assert "请与 李明 联系" in said.body
    assert _render(notice, "en").title == "Work order requester changed: 非标夹具评估"


def test_an_unassigned_requested_order_tells_the_supervisor_not_the_copied_manager() -> None:
    [notice] = handed_over(_moved("requester", "u-heir", state="open", assignee=""))
    assert notice.users == ("u-sup",)


def test_a_delivered_order_waits_for_the_successors_review() -> None:
    review, talk = handed_over(_moved("requester", "u-heir", state="delivered"))
    assert (review.kind, review.users) == ("workorder_review_handed_over", ("u-heir",))
    assert _render(review).title == "工单已交付，待您验收：非标夹具评估"
    assert "技术部已交付" in _render(review).body
    assert talk.users == ("u-eng",)


def test_an_order_back_in_the_queue_asks_its_supervisor_to_assign_it() -> None:
    [notice] = handed_over(_moved("assignee", assignee=""))
    assert (notice.kind, notice.users) == ("workorder_back_in_queue", ("u-sup",))
    said = _render(notice)
    assert said.title == "工单退回待指派（技术部）：非标夹具评估"
    assert "当前状态：处理中" in said.body
    assert "State: in progress" in _render(notice, "en").body


def test_an_order_a_successor_carries_on_asks_nobody_else() -> None:
    assert handed_over(_moved("assignee", "u-heir", assignee="u-heir")) == []


def test_the_admin_who_ran_the_handover_and_the_leaver_are_not_told() -> None:
    moved = _moved("assignee", assignee="")
    moved.ref.supervisor_id = BY
    assert handed_over(moved) == []
    moved = _moved("requester", "u-heir", assignee="u-left")
    assert handed_over(moved) == []


def test_a_supervisor_who_was_the_leavers_manager_reads_only_the_handover_item() -> None:
    """Their handover line already counts the order, links to it and asks to assign it
    (handover_notices): a second item for the same order would be noise."""
    moved = _moved("assignee", assignee="")
    moved.ref.supervisor_id = moved.leaver_manager_id
    assert handed_over(moved) == []
