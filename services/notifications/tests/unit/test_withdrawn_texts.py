"""What an approver's item says once the approval it asked for stopped waiting, and which
items are about a step (the key a withdrawal finds them by)."""

from __future__ import annotations

from notifications.domain.pipeline_notices import BY_TYPE
from notifications.domain.withdrawals import approval_step, withdrawn_text
from salesos.events.v1 import pipeline_pb2


def test_the_request_and_every_escalation_of_a_step_are_about_that_step() -> None:
    [asked] = BY_TYPE["pipeline.approval_requested"](pipeline_pb2.ApprovalRequested(
        approver_id="mgr", step_id="s1"))
    chased = [n for level in (1, 2) for n in BY_TYPE["pipeline.approval_escalated"](
        pipeline_pb2.ApprovalEscalated(approver_id="mgr", escalated_to_id="boss", level=level,
                                       step_id="s1"))]
    assert {n.about for n in (asked, *chased)} == {"approval_step:s1"}
    [old] = BY_TYPE["pipeline.approval_requested"](pipeline_pb2.ApprovalRequested(
        approver_id="mgr"))  # from before step ids: about nothing, never withdrawn
    assert old.about == "" == approval_step("")


def test_a_withdrawn_item_keeps_what_it_said_after_why_in_the_readers_language() -> None:
    assert withdrawn_text("合同待您审批：常州精密 ¥1.00", "第 1 级审批。", why="deal_sent_back",
                          language="zh-CN") == (
        "【已撤回】合同待您审批：常州精密 ¥1.00",
        "已撤回：商机已退回，合同退回草稿，待重新提交审批。第 1 级审批。")
    title, body = withdrawn_text("Contract awaits your approval", "Step 1.",
                                 why="contract_cancelled", language="en")
    assert (title, body) == ("[Withdrawn] Contract awaits your approval",
                             "Withdrawn: the contract is void. Step 1.")
    # a reason this service does not know yet still says the approval stopped waiting
    assert withdrawn_text("t", "b", why="later_reason", language="zh-CN")[1] == (
        "已撤回：该合同已不再等待审批。b")
