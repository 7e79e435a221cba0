"""Who hears about which event, and that every message renders in both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from notifications.domain import templates
from notifications.domain.delivery import RetryPolicy
from notifications.domain.incentive_notices import BY_TYPE as INCENTIVES
from notifications.domain.notices import yuan
from notifications.domain.pipeline_notices import BY_TYPE as PIPELINE
from notifications.domain.workorder_notices import BY_TYPE as WORKORDERS
from salesos.events.v1 import incentives_pb2, pipeline_pb2, workorders_pb2

T = Timestamp(seconds=1_772_000_000)
REF = workorders_pb2.WorkOrderRef(work_order_id="wo1", title="非标零部件图纸", department="tech",
                                  requester_id="rep1", assignee_id="eng1",
                                  cc_ids=["sup1", "sup2"], due_at=T)
EVENTS = {
    "pipeline.stage_gate_blocked": pipeline_pb2.StageGateBlocked(
        opportunity_id="o1", owner_id="rep1", to_stage="quote", unmet=["方案已评审"], title="扩产"),
    "pipeline.quote_issued": pipeline_pb2.QuoteIssued(
        quote_id="q1", opportunity_id="o1", version=2, account_name="恒力液压",
        total_fen=123456789, discount_bp=500, issued_by="rep01"),
    "pipeline.approval_requested": pipeline_pb2.ApprovalRequested(
        contract_id="c1", opportunity_id="o1", step=1, approver_id="mgr1", amount_fen=500000,
        account_name="恒力液压", due_at=T),
    "pipeline.approval_decided": pipeline_pb2.ApprovalDecided(
        contract_id="c1", opportunity_id="o1", step=1, approver_id="mgr1", decision="rejected",
        comment="折扣过高", final=True, owner_id="rep1", account_name="恒力液压"),
    "pipeline.approval_escalated": pipeline_pb2.ApprovalEscalated(
        contract_id="c1", opportunity_id="o1", step=1, approver_id="mgr1",
        escalated_to_id="dir1", level=2, account_name="恒力液压"),
    "pipeline.signature_completed": pipeline_pb2.SignatureCompleted(
        contract_id="c1", opportunity_id="o1", owner_id="rep1", signer_name="李娜", signed_at=T,
        account_name="恒力液压"),
    "workorders.created": workorders_pb2.WorkOrderCreated(ref=REF, need="图纸", respond_by=T),
    "workorders.assigned": workorders_pb2.WorkOrderAssigned(ref=REF, by_user_id="sup1",
                                                            respond_by=T),
    "workorders.reminded": workorders_pb2.WorkOrderReminded(ref=REF, reason="no_progress"),
    "workorders.escalated": workorders_pb2.WorkOrderEscalated(
        ref=REF, level=3, clock="response", notify_ids=["dir1"]),
    "workorders.delivered": workorders_pb2.WorkOrderDelivered(ref=REF, delivered_at=T,
                                                              on_time=True),
    "pipeline.deal_won": pipeline_pb2.DealWon(
        opportunity_id="o1", owner_id="rep1", region_id="east", account_name="恒力液压",
        amount_fen=36_000_000, cycle_seconds=40 * 86400, won_at=T),
    "pipeline.signature_requested": pipeline_pb2.SignatureRequested(
        contract_id="c1", signer_name="李娜", signer_phone="+8613812345678", code="493027",
        link_token="tok", expires_at=T, account_name="恒力液压"),
    "incentives.reward_granted": incentives_pb2.RewardGranted(
        reward_id="r1", user_id="rep1", kind="streak_7", label="交通补贴", amount_fen=20000),
    "incentives.survey_issued": incentives_pb2.SurveyIssued(
        survey_id="s1", link="https://s.example.cn/t/abc", contact_phone="+8613812345678",
        expires_at=T),
}
BUILDERS = PIPELINE | WORKORDERS | INCENTIVES


@pytest.mark.parametrize("event_type", sorted(EVENTS))
@pytest.mark.parametrize("language", templates.LANGUAGES)
def test_every_event_renders_in_every_language(event_type: str, language: str) -> None:
    for notice in BUILDERS[event_type](EVENTS[event_type]):
        message = templates.render(notice.kind, notice.params, language)
        assert message.title and "{" not in message.title + message.body


def test_every_quote_goes_to_every_finance_user() -> None:
    [notice] = BUILDERS["pipeline.quote_issued"](EVENTS["pipeline.quote_issued"])
    assert notice.roles == ("finance",) and notice.users == ()
    assert notice.params["total"] == "¥1,234,567.89"


def test_an_approval_escalated_to_level_two_tells_whom_it_escalates_to_urgently() -> None:
    [notice] = BUILDERS["pipeline.approval_escalated"](EVENTS["pipeline.approval_escalated"])
    assert notice.users == ("dir1", "mgr1") and notice.urgent


def test_an_escalation_naming_nobody_goes_to_the_approvers_manager() -> None:
    event = pipeline_pb2.ApprovalEscalated(approver_id="mgr1", level=2, opportunity_id="o1")
    [notice] = BUILDERS["pipeline.approval_escalated"](event)
    assert notice.managers_of == ("mgr1",)


def test_a_work_order_is_announced_to_its_assignee_and_both_supervisors() -> None:
    [notice] = BUILDERS["workorders.created"](EVENTS["workorders.created"])
    assert notice.users == ("eng1", "sup1", "sup2") and notice.link == "/workorders/wo1"


def test_the_engineer_a_supervisor_names_is_told_when_to_accept_by() -> None:
    [notice] = BUILDERS["workorders.assigned"](EVENTS["workorders.assigned"])
    assert notice.users == ("eng1",) and notice.link == "/workorders/wo1"
    message = templates.render(notice.kind, notice.params)
    assert message.title == "工单指派给您（技术部）：非标零部件图纸"
    assert message.body.startswith("请在 2月25日 14:13 前接单")


def test_a_delivered_work_order_asks_the_requester_to_review_it() -> None:
    [notice] = BUILDERS["workorders.delivered"](EVENTS["workorders.delivered"])
    assert notice.users == ("rep1",)


def test_a_work_order_escalation_tells_whom_the_chain_names_and_is_urgent_from_level_two() -> None:
    [notice] = BUILDERS["workorders.escalated"](EVENTS["workorders.escalated"])
    assert notice.users == ("dir1",) and notice.urgent
    level_one = workorders_pb2.WorkOrderEscalated(ref=REF, level=1, clock="response")
    [first] = BUILDERS["workorders.escalated"](level_one)
    assert first.users == ("eng1",) and not first.urgent


def test_a_response_reminder_quotes_the_response_deadline_not_the_delivery_due_time() -> None:
    respond_by = Timestamp(seconds=T.seconds - 3 * 86400)  # three days before the due time
    event = workorders_pb2.WorkOrderReminded(ref=REF, reason="response_due",
                                             respond_by=respond_by)
    [notice] = BUILDERS["workorders.reminded"](event)
    body = templates.render(notice.kind, notice.params).body
    assert body == "工单即将超过响应时限，请尽快接单（截止 2月22日 14:13）。"
    [later] = BUILDERS["workorders.reminded"](workorders_pb2.WorkOrderReminded(
        ref=REF, reason="delivery_due", respond_by=respond_by))
    assert "截止 2月25日 14:13" in templates.render(later.kind, later.params).body


def test_an_english_reader_of_an_escalation_reads_no_chinese_for_nobody_assigned() -> None:
    nobody = workorders_pb2.WorkOrderRef(work_order_id="wo1", title="Flange drawings",
                                         department="tech", due_at=T)
    [notice] = BUILDERS["workorders.escalated"](workorders_pb2.WorkOrderEscalated(
        ref=nobody, level=1, clock="response", notify_ids=["sup1"]))
    assert templates.render(notice.kind, notice.params, "en").body.startswith(
        "Response is overdue; assignee unassigned.")
    assert "当前负责人 未指派" in templates.render(notice.kind, notice.params).body
    [named] = BUILDERS["workorders.escalated"](EVENTS["workorders.escalated"])
    assert named.people == {"assignee": "eng1", "assignee_en": "eng1"}  # shown by name


def test_a_survey_goes_to_the_customers_phone_not_an_inbox() -> None:
    [notice] = BUILDERS["incentives.survey_issued"](EVENTS["incentives.survey_issued"])
    assert notice.addresses == {"sms": "+8613812345678"} and notice.users == ()
    assert BUILDERS["incentives.survey_issued"](incentives_pb2.SurveyIssued(link="x")) == []


def test_money_reads_as_yuan_from_integer_fen() -> None:
    assert yuan(0) == "¥0.00" and yuan(-150) == "-¥1.50" and yuan(100_000_00) == "¥100,000.00"


def test_retries_back_off_exponentially_then_give_up() -> None:
    policy = RetryPolicy(max_attempts=4, base_seconds=2, max_seconds=5)
    waits = [policy.after_failure(n) for n in (1, 2, 3, 4)]
    assert waits == [timedelta(seconds=2), timedelta(seconds=4), timedelta(seconds=5), None]


def test_the_signer_gets_the_code_and_link_by_sms_only() -> None:
    [notice] = BUILDERS["pipeline.signature_requested"](EVENTS["pipeline.signature_requested"])
    assert notice.addresses == {"sms": "+8613812345678"} and notice.users == ()
    body = templates.render(notice.kind, notice.params).body
    assert "493027" in body and "/sign/tok" in body


def test_a_reward_is_told_to_the_rep_who_earned_it() -> None:
    [notice] = BUILDERS["incentives.reward_granted"](EVENTS["incentives.reward_granted"])
    assert notice.users == ("rep1",)
    assert templates.render(notice.kind, notice.params).title == "恭喜获得奖励：交通补贴（¥200.00）"
    # Where the rep reads it: GET /api/v1/rewards (their own). It linked /me/rewards, a
    # route nobody serves (404), from the inbox and behind SALESOS_PUBLIC_URL in a robot.
    assert notice.link == "/rewards"
    # An English reader's amount in English brackets: 「（¥200.00）」 read as garbled.
    assert templates.render(notice.kind, notice.params, "en").title == \
        "Reward granted: 交通补贴 (¥200.00)"


def test_an_english_speaking_engineer_reads_the_deadline_in_english_not_with_month_and_day_signs(
        ) -> None:
    [notice] = BUILDERS["workorders.assigned"](EVENTS["workorders.assigned"])
    english = templates.render(notice.kind, notice.params, "en")
    assert "Feb 25, 14:13" in english.body and "月" not in english.body
    # A kind with no English text falls back to zh-CN, whose dates stay Chinese.
    assert "2月25日 14:13" in templates.render(notice.kind, notice.params, "fr").body


def test_an_english_reader_of_a_decision_reads_the_comment_and_the_outcome_in_english() -> None:
    [notice] = BUILDERS["pipeline.approval_decided"](EVENTS["pipeline.approval_decided"])
    assert templates.render(notice.kind, notice.params, "en").body == (
        "Step 1 rejected. Comment: 折扣过高. The contract was rejected.")
    assert templates.render(notice.kind, notice.params).body == (
        "第 1 级审批驳回。意见：折扣过高。合同已被驳回。")
    approved = pipeline_pb2.ApprovalDecided(step=2, decision="approved", final=True,
                                            owner_id="rep1", account_name="恒力液压")
    [done] = BUILDERS["pipeline.approval_decided"](approved)
    assert templates.render(done.kind, done.params, "en").body == (
        "Step 2 approved. Every approval step is done.")


def test_an_english_delegate_is_told_the_approval_is_on_someone_elses_behalf() -> None:
    event = pipeline_pb2.ApprovalRequested(step=1, approver_id="dep1", delegated_from="mgr1",
                                           amount_fen=500000, account_name="恒力液压", due_at=T)
    [notice] = BUILDERS["pipeline.approval_requested"](event)
    assert templates.render(notice.kind, notice.params, "en").body == (
        "Step 1; please decide by Feb 25, 14:13 (on behalf of a colleague who is away).")


def test_an_approver_asked_because_of_a_price_below_the_quote_reads_why() -> None:
    why = "合同价 ¥360,000.00 低于客户接受的报价 V1（总价 ¥480,000.00），隐含折扣 25%，须总监审批"
    event = pipeline_pb2.ApprovalRequested(step=2, approver_id="boss", amount_fen=36_000_000,
                                           account_name="恒力液压", due_at=T, reason=why)
    [notice] = BUILDERS["pipeline.approval_requested"](event)
    assert templates.render(notice.kind, notice.params, "zh-CN").body.endswith(f"{why}。")
    assert templates.render(notice.kind, notice.params, "en").body.endswith(
        "The price is below the accepted quote: see the approval step.")
