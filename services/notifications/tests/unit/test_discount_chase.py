"""A waiting discount's reminder and escalation (pipeline.discount_escalated), and what
its ask says once the deal is sent back before 方案设计."""

from __future__ import annotations

from notifications.domain.discount_notices import BY_TYPE as DISCOUNTS
from notifications.domain.templates import render
from notifications.domain.withdrawals import DISCOUNT_WHYS, quote_discount, withdrawn_text
from salesos.events.v1 import pipeline_pb2

CHASED = DISCOUNTS["pipeline.discount_escalated"]


def _chased(level: int, role: str = "manager") -> pipeline_pb2.DiscountEscalated:
    return pipeline_pb2.DiscountEscalated(
        quote_id="q1", approval_role=role, region_id="east", owner_id="rep1",
        created_by="rep1", delegate_ids=["d1"], discount_bp=1_200, total_fen=100, version=2,
        account_name="常州精密", level=level)


def test_a_reminder_goes_to_whoever_the_discount_asked_and_never_its_rep() -> None:
    [notice] = CHASED(_chased(1))
    assert (notice.kind, notice.region_managers, notice.roles, notice.users) == (
        "discount_escalated", ("east",), (), ("d1",))
    assert (notice.about, notice.link, notice.not_to, notice.urgent) == (
        quote_discount("q1"), "/quotes/q1", ("rep1",), False)
    assert (notice.params["level"], notice.params["discount"]) == ("1", "12.00%")


def test_an_escalation_tells_the_directors_too_and_is_urgent() -> None:
    [notice] = CHASED(_chased(2))
    assert (notice.region_managers, notice.roles, notice.users, notice.urgent) == (
        ("east",), ("director",), ("d1",), True)
    assert notice.about == quote_discount("q1")
    [theirs] = CHASED(_chased(2, role="director"))  # nobody above: a second reminder
    assert (theirs.region_managers, theirs.roles, theirs.urgent) == ((), ("director",), True)


def test_the_escalation_reads_like_a_contract_steps_in_both_languages() -> None:
    [notice] = CHASED(_chased(2))
    params = notice.params | {"author": "张伟"}
    zh = render("discount_escalated", params, "zh-CN")
    assert (zh.title, zh.body) == ("报价折扣审批超时（第 2 级升级）：常州精密 第 2 版",
                                   "张伟 的报价折扣 12.00%（合计 ¥1.00）等待审批过久，请尽快处理。")
    assert render("discount_escalated", params, "en").title == (
        "Quote discount approval overdue (escalation level 2): 常州精密 v2")


def test_a_discount_withdrawn_because_the_deal_went_back_says_it_is_paused() -> None:
    why = DISCOUNT_WHYS["deal_sent_back"]
    assert withdrawn_text("报价折扣待您审批：常州精密 第 2 版", "合计 ¥1.00。", why=why,
                          language="zh-CN")[1] == "已撤回：商机已退回，折扣审批暂停。合计 ¥1.00。"
    assert withdrawn_text("Quote discount awaits your approval", "Total ¥1.00.", why=why,
                          language="en")[1] == (
        "Withdrawn: the deal was sent back; the discount approval is paused. Total ¥1.00.")


def test_a_discount_whose_holders_changed_asks_only_its_delegates() -> None:
    moved = pipeline_pb2.DiscountApprovalRequested(
        quote_id="q1", approval_role="manager", region_id="east", owner_id="rep1",
        created_by="rep1", delegate_ids=["d2"], handed_on=True)
    [notice] = DISCOUNTS["pipeline.discount_approval_requested"](moved)
    assert (notice.users, notice.region_managers, notice.roles, notice.about) == (
        ("d2",), (), (), quote_discount("q1"))
    assert withdrawn_text("t", "b", why="discount_handed_on", language="en")[1] == (
        "Withdrawn: this discount is now someone else's to decide. b")
