"""What an approver's item says once the approval it asked for stopped waiting, and which
items are about a step (the key a withdrawal finds them by)."""

from __future__ import annotations

from notifications.domain.discount_notices import BY_TYPE as DISCOUNTS
from notifications.domain.pipeline_notices import BY_TYPE
from notifications.domain.withdrawals import approval_step, quote_discount, withdrawn_text
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


def test_an_item_decided_by_someone_else_names_them_in_the_readers_language() -> None:
    assert withdrawn_text("合同待您审批：常州精密 ¥1.00", "第 1 级审批。", why="decided_by_other",
                          by="王东", language="zh-CN")[1] == (
        "已撤回：该审批步骤已由 王东 处理。第 1 级审批。")
    assert withdrawn_text("Quote discount awaits your approval", "Total ¥1.00.",
                          why="discount_decided", by="Li Ming", language="en")[1] == (
        "Withdrawn: Li Ming has already decided this discount. Total ¥1.00.")
    assert withdrawn_text("t", "b", why="quote_revised", language="en")[1] == (
        "Withdrawn: a newer version replaced the quote; its discount needs no decision. b")


def test_a_discount_asks_the_regions_managers_or_the_directors_never_its_own_rep() -> None:
    asked = pipeline_pb2.DiscountApprovalRequested(
        quote_id="q1", approval_role="manager", region_id="east", owner_id="rep1",
        created_by="rep1", delegate_ids=["d1"], discount_bp=1_234, total_fen=100)
    [notice] = DISCOUNTS["pipeline.discount_approval_requested"](asked)
    assert (notice.region_managers, notice.roles, notice.users) == (("east",), (), ("d1",))
    assert (notice.about, notice.link, notice.not_to) == (
        quote_discount("q1"), "/quotes/q1", ("rep1",))
    assert notice.params["discount"] == "12.34%"
    asked.approval_role = "director"
    [notice] = DISCOUNTS["pipeline.discount_approval_requested"](asked)
    assert (notice.region_managers, notice.roles) == ((), ("director",))


def test_a_discount_decision_tells_the_author_and_the_owner_but_not_the_decider() -> None:
    [notice] = DISCOUNTS["pipeline.discount_decided"](pipeline_pb2.DiscountDecided(
        quote_id="q1", decided_by="mgr", decision="rejected", comment="太低",
        created_by="mgr2", owner_id="rep1"))
    assert (notice.users, notice.not_to, notice.about) == (("mgr2", "rep1"), ("mgr",), "")
    assert (notice.params["decision"], notice.params["next"]) == ("驳回", "请调整后新建报价版本。")
