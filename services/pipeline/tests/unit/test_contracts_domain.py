"""Contracts in pure Python: term validation and diffs, the approval matrix and chain,
delegation, decisions only by the pending approver, and the signature's code and hash."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pipeline.domain import approval_matrix as am
from pipeline.domain import contract_events as ev
from pipeline.domain import signature
from pipeline.domain.contract_terms import Terms, diff, validated, yuan
from pipeline.domain.contracts import Contract, NotApprover, Timing, Version, typed_number
from pipeline.domain.errors import InvalidField, TransitionRefused
from servicekit.workcal.hours import SHANGHAI, WorkingCalendar

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
TERMS = Terms("预付 30%，发货前付清", date(2027, 3, 1), 12, "逾期交货每日 0.05%", 180_000_000)
PEOPLE = [
    am.Person("m-east", "mgr-east", "manager", "r-east", "dir", True, ("r-east",)),
    am.Person("vp-id", "vp", "director", "", "gm-id", True),
    am.Person("gm-id", "gm", "director", "", "", True),
]


def contract(price: int = 180_000_000) -> Contract:
    terms = Terms(TERMS.payment_terms, TERMS.delivery_date, 12, TERMS.penalties, price)
    return Contract(id="c1", opportunity_id="o1", quote_id="q1", owner_id="rep1",
                    region_id="r-east", account_name="常州精密", title="加工中心",
                    created_by="rep1", created_at=T0, versions=[Version(1, terms, "rep1", T0)])


def submitted(price: int, delegations: dict[str, str] | None = None) -> Contract:
    c = contract(price)
    chain = am.resolve(am.DEFAULT_LEVELS, amount_fen=price, region_id="r-east", people=PEOPLE)
    ids = iter(f"s{i}" for i in range(1, 10))
    c.submit(chain, new_id=lambda: next(ids), now=T0, delegations=delegations or {},
             timing=Timing())
    return c


def test_diff_lists_each_changed_clause_with_zh_labels_and_display_values() -> None:
    new = Terms("货到付款", TERMS.delivery_date, 24, TERMS.penalties, 175_000_000)
    changes = diff(TERMS, new)
    assert [(c.clause, c.label) for c in changes] == [
        ("payment_terms", "付款条件"), ("warranty", "质保期"), ("price", "合同价格")]
    assert (changes[1].old_text, changes[1].new_text) == ("12 个月", "24 个月")
    assert (changes[2].old_value, changes[2].new_text) == ("180000000", "¥1,750,000.00")
    assert diff(TERMS, TERMS) == []


def test_terms_are_validated_field_by_field() -> None:
    ok = dict(payment_terms="预付 30%", delivery_date="2027-03-01", warranty_months=12,
              penalties="每日 0.05%", price_fen=1, today=date(2026, 12, 1))
    assert validated(**ok).delivery_date == date(2027, 3, 1)
    for field, value in (("delivery_date", "2026-11-30"), ("delivery_date", "三月"),
                         ("warranty_months", 121), ("price_fen", 0), ("payment_terms", " ")):
        with pytest.raises(InvalidField) as bad:
            validated(**(ok | {field: value}))
        assert bad.value.field == field
    assert yuan(123_456_789) == "¥1,234,567.89"


@pytest.mark.parametrize(("price", "levels"), [
    (49_999_999, ["regional_director"]),
    (50_000_000, ["regional_director", "sales_vp"]),
    (200_000_000, ["regional_director", "sales_vp"]),
    (200_000_001, ["regional_director", "sales_vp", "general_manager"]),
])
def test_a_big_contract_passes_the_lower_levels_first(price: int, levels: list[str]) -> None:
    chain = am.resolve(am.DEFAULT_LEVELS, amount_fen=price, region_id="r-east", people=PEOPLE)
    assert [a.level.code for a in chain] == levels
    assert chain[0].approver_id == "m-east" and chain[0].escalate_to_id == "dir"


def test_the_top_approvers_escalation_is_a_second_reminder_to_themselves() -> None:
    chain = am.resolve(am.DEFAULT_LEVELS, amount_fen=300_000_000, region_id="r-east",
                       people=PEOPLE)
    assert [(a.approver_id, a.escalate_to_id) for a in chain[1:]] == [
        ("vp-id", "gm-id"), ("gm-id", "gm-id")]


def test_a_level_nobody_fills_refuses_the_submission() -> None:
    with pytest.raises(TransitionRefused):
        am.resolve(am.DEFAULT_LEVELS, amount_fen=1, region_id="r-west", people=PEOPLE)


def test_nobody_approves_their_own_contract_the_level_goes_to_their_manager() -> None:
    """A manager who opened the deal would otherwise be its only approver below 500,000."""
    people = [*PEOPLE, am.Person("dir", "director", "director", "", "", True)]
    chain = am.resolve(am.DEFAULT_LEVELS, amount_fen=10_000_000, region_id="r-east",
                       people=people, owner_id="m-east")
    assert [(a.level.code, a.approver_id) for a in chain] == [("regional_director", "dir")]
    with pytest.raises(TransitionRefused):  # nobody above them: an admin must step in
        am.resolve(am.DEFAULT_LEVELS, amount_fen=10_000_000, region_id="r-east",
                   people=PEOPLE, owner_id="m-east")


def test_an_approval_is_never_delegated_to_the_contracts_own_owner() -> None:
    c = submitted(10_000_000, delegations={"m-east": "rep1"})  # rep1 owns the deal
    assert (c.steps[0].approver_id, c.steps[0].delegated_from) == ("m-east", "")
    assert not c.delegate_pending("m-east", "rep1", now=T0, timing=Timing())
    assert c.steps[0].approver_id == "m-east"


def test_matrix_validation_names_the_bad_level() -> None:
    bad = (am.Level("a", "甲", 0, am.REGION_MANAGER), am.Level("b", "乙", 0, am.USER, "vp"))
    with pytest.raises(InvalidField) as error:
        am.validated(bad)
    assert error.value.field == "levels.1.from_fen"
    with pytest.raises(InvalidField) as error:
        am.validated((am.Level("a", "甲", 0, am.USER, ""),))
    assert error.value.field == "levels.0.approver_username"
    assert am.validated(am.DEFAULT_LEVELS) == am.DEFAULT_LEVELS


def test_steps_are_decided_in_order_only_by_the_pending_approver() -> None:
    c = submitted(180_000_000)
    assert [(s.approver_id, s.status) for s in c.steps] == [
        ("m-east", "pending"), ("vp-id", "waiting")]
    requested = [e for e in c.events if isinstance(e, ev.ApprovalRequested)]
    assert requested[0].due_at == T0 + timedelta(hours=7.5)
    with pytest.raises(NotApprover):
        c.decide("vp-id", "approve", "", now=T0, delegations={}, timing=Timing())
    c.decide("m-east", "approve", "同意", now=T0, delegations={}, timing=Timing())
    assert (c.status, c.steps[1].status) == ("pending_approval", "pending")
    c.decide("vp-id", "approve", "", now=T0, delegations={}, timing=Timing())
    assert c.status == "approved"
    decided = [e for e in c.events if isinstance(e, ev.ApprovalDecided)]
    assert [d.final for d in decided] == [False, True]
    # each decision names its step, so whoever else held it is told it is gone
    assert [d.step_id for d in decided] == [s.id for s in c.steps]


def test_a_rejection_needs_a_comment_ends_the_round_and_terms_can_then_change() -> None:
    c = submitted(10_000_000)
    with pytest.raises(InvalidField):
        c.decide("m-east", "reject", "", now=T0, delegations={}, timing=Timing())
    c.decide("m-east", "reject", "价格过低", now=T0, delegations={}, timing=Timing())
    assert c.status == "rejected"
    assert c.revise(Terms("货到付款", TERMS.delivery_date, 12, TERMS.penalties, 12_000_000),
                    by="rep1", now=T0)
    assert (c.status, c.current.version) == ("draft", 2)


def test_approved_terms_change_only_as_a_new_draft_and_signed_ones_never() -> None:
    c = submitted(10_000_000)
    c.decide("m-east", "approve", "", now=T0, delegations={}, timing=Timing())
    assert c.revise(TERMS, by="rep1", now=T0)  # 180,000,000 instead of 10,000,000
    assert (c.status, c.current.version) == ("draft", 2)  # to be approved again
    signed = submitted(10_000_000)
    signed.decide("m-east", "approve", "", now=T0, delegations={}, timing=Timing())
    signed.sign("sha", "王总", T0)
    with pytest.raises(TransitionRefused):
        signed.revise(TERMS, by="rep1", now=T0)


def test_whoever_waits_on_a_step_is_told_when_the_round_ends_before_they_decide() -> None:
    def withdrawn(c: Contract) -> list[ev.ApprovalWithdrawn]:
        return [e for e in c.events if isinstance(e, ev.ApprovalWithdrawn)]

    sent_back = submitted(180_000_000)
    sent_back.decide("m-east", "approve", "", now=T0, delegations={}, timing=Timing())
    assert sent_back.withdraw() == ["s2"]
    # the manager decided step 1: only the VP's waiting step is withdrawn
    assert withdrawn(sent_back) == [ev.ApprovalWithdrawn(("s2",), ev.DEAL_SENT_BACK)]
    revised = submitted(10_000_000)
    revised.revise(TERMS, by="rep1", now=T0)
    assert withdrawn(revised) == [ev.ApprovalWithdrawn(("s1",), ev.TERMS_REVISED)]
    void = submitted(10_000_000)
    void.cancel()
    assert withdrawn(void) == [ev.ApprovalWithdrawn(("s1",), ev.CONTRACT_CANCELLED)]
    approved = submitted(10_000_000)
    approved.decide("m-east", "approve", "", now=T0, delegations={}, timing=Timing())
    approved.withdraw()  # approved: nobody was waiting to decide anything
    assert withdrawn(approved) == []


def test_an_away_approvers_step_goes_to_the_delegate_recorded() -> None:
    c = submitted(10_000_000, delegations={"m-east": "dir"})
    assert (c.steps[0].approver_id, c.steps[0].delegated_from) == ("dir", "m-east")
    with pytest.raises(NotApprover):
        c.decide("vp-id", "approve", "", now=T0, delegations={}, timing=Timing())
    c.decide("dir", "approve", "代批", now=T0, delegations={}, timing=Timing())
    assert c.status == "approved"


def test_an_approver_back_early_decides_their_delegated_step_and_the_first_decision_counts(
) -> None:
    """The delegation adds a decider; it does not take the step from its approver. Once one
    of the two decided, the other is refused (409), not asked again."""
    c = submitted(60_000_000, delegations={"m-east": "dir"})
    c.decide("m-east", "approve", "我回来了", now=T0, delegations={}, timing=Timing())
    assert [(s.status, s.decided_by) for s in c.steps[:1]] == [("approved", "m-east")]
    assert (c.steps[1].approver_id, c.steps[1].status) == ("vp-id", "pending")
    with pytest.raises(TransitionRefused, match="以先做出的决定为准"):
        c.decide("dir", "approve", "代批", now=T0, delegations={}, timing=Timing())
    with pytest.raises(TransitionRefused, match="以先做出的决定为准"):
        c.decide("dir", "reject", "价格过低", now=T0, delegations={}, timing=Timing())
    assert c.decide("m-east", "approve", "", now=T0, delegations={},
                    timing=Timing()) is None  # the approver's own retry changes nothing


def test_a_deal_owner_recorded_as_delegated_from_still_cannot_approve_their_contract() -> None:
    # A handover moved the successor's (now the owner's) step up to their manager.
    c = submitted(10_000_000)
    c.steps[0].delegated_from, c.steps[0].approver_id = "rep1", "dir"
    with pytest.raises(NotApprover):
        c.decide("rep1", "approve", "", now=T0, delegations={}, timing=Timing())


def discount_submitted(delegations: dict[str, str], powers: dict[str, int]) -> Contract:
    """The region's manager (step 1), then the director for a 25 % discount (step 2)."""
    c = contract(10_000_000)
    chain = [*am.resolve(am.DEFAULT_LEVELS, amount_fen=10_000_000, region_id="r-east",
                         people=PEOPLE),
             am.Assignee(am.Level("discount", "折扣审批（总监）", 0, am.USER, "vp"), "vp-id",
                         "gm-id", "隐含折扣 25%，须总监审批", discount_bp=2500)]
    ids = iter(f"s{i}" for i in range(1, 10))
    c.submit(chain, new_id=lambda: next(ids), now=T0, delegations=delegations,
             timing=Timing(), powers=powers)
    return c


def test_a_discount_step_goes_only_to_a_delegate_with_the_power_to_approve_it() -> None:
    # The director is away; their delegate is a manager (15 %): the 25 % step stays theirs.
    away = {"vp-id": "m-west"}
    c = discount_submitted(away, {"m-west": 1500})
    c.decide("m-east", "approve", "", now=T0, delegations=away, timing=Timing(),
             powers={"m-west": 1500})
    assert (c.steps[1].approver_id, c.steps[1].delegated_from) == ("vp-id", "")
    # A delegate the directory does not vouch for (no power given) does not get it either.
    c = discount_submitted(away, {})
    c.decide("m-east", "approve", "", now=T0, delegations=away, timing=Timing())
    assert c.steps[1].approver_id == "vp-id"
    # Another director (30 %) holds it for them.
    c = discount_submitted({"vp-id": "gm-id"}, {"gm-id": 3000})
    c.decide("m-east", "approve", "", now=T0, delegations={"vp-id": "gm-id"},
             timing=Timing(), powers={"gm-id": 3000})
    assert (c.steps[1].approver_id, c.steps[1].delegated_from) == ("gm-id", "vp-id")


def test_a_delegate_short_of_the_power_does_not_approve_the_discount_in_passing() -> None:
    # The manager holds the director's steps while away; approving their own level must
    # not approve the director's 25 % as well.
    away = {"vp-id": "m-east"}
    c = discount_submitted(away, {"m-east": 1500})
    c.decide("m-east", "approve", "", now=T0, delegations=away, timing=Timing(),
             powers={"m-east": 1500})
    assert [(s.approver_id, s.status) for s in c.steps] == [
        ("m-east", "approved"), ("vp-id", "pending")]
    assert c.status == "pending_approval"


def test_a_delegate_who_is_also_the_next_level_approves_both_in_one_decision() -> None:
    # The VP is away and hands their steps to the general manager, who is the next level.
    c = submitted(276_000_000, delegations={"vp-id": "gm-id"})
    c.decide("m-east", "approve", "", now=T0, delegations={"vp-id": "gm-id"}, timing=Timing())
    assert (c.steps[1].approver_id, c.steps[1].status) == ("gm-id", "pending")
    c.decide("gm-id", "approve", "同意", now=T0, delegations={}, timing=Timing())
    assert c.status == "approved"
    assert [(s.approver_id, s.status, s.decided_by) for s in c.steps[1:]] == [
        ("gm-id", "approved", "gm-id"), ("gm-id", "approved", "gm-id")]
    requested = [e.position for e in c.events if isinstance(e, ev.ApprovalRequested)]
    assert 3 not in requested  # nobody is asked for a step already decided
    assert c.decide("gm-id", "approve", "同意", now=T0, delegations={},
                    timing=Timing()) is None  # a retry changes nothing


def test_one_person_on_two_levels_apart_decides_each_when_it_comes() -> None:
    levels = (*am.DEFAULT_LEVELS[:2], am.Level("gm2", "总经理", 200_000_001, am.USER, "mgr-east"))
    c = contract(276_000_000)
    chain = am.resolve(levels, amount_fen=276_000_000, region_id="r-east", people=PEOPLE)
    ids = iter(f"s{i}" for i in range(1, 10))
    c.submit(chain, new_id=lambda: next(ids), now=T0, delegations={}, timing=Timing())
    c.decide("m-east", "approve", "", now=T0, delegations={}, timing=Timing())
    assert c.decide("m-east", "approve", "", now=T0, delegations={},
                    timing=Timing()) is None  # a retry while the VP decides
    c.decide("vp-id", "approve", "", now=T0, delegations={}, timing=Timing())
    assert c.steps[2].status == "pending"
    assert c.decide("m-east", "approve", "", now=T0, delegations={},
                    timing=Timing()) is not None
    assert c.status == "approved"


def test_a_pending_step_is_handed_over_when_its_approver_delegates() -> None:
    c = submitted(10_000_000)
    assert c.delegate_pending("m-east", "dir", now=T0, timing=Timing())
    assert (c.steps[0].approver_id, c.steps[0].delegated_from) == ("dir", "m-east")
    assert not c.delegate_pending("someone", "dir", now=T0, timing=Timing())


def test_signing_code_is_checked_counted_and_locked_after_five_wrong_tries() -> None:
    req = signature.SignatureRequest("r1", "c1", 1, signature.sha256("tok"),
                                     signature.code_digest("r1", "123456"), "王总",
                                     "+8613800000000", T0 + signature.VALID_FOR)
    for left in (4, 3, 2, 1):
        with pytest.raises(signature.WrongCode) as wrong:
            req.check_code("000000", T0)
        assert wrong.value.attempts_left == left
    with pytest.raises(signature.WrongCode):
        req.check_code("000000", T0)
    with pytest.raises(TransitionRefused):
        req.check_code("123456", T0)


def test_a_used_or_expired_link_cannot_sign() -> None:
    req = signature.SignatureRequest("r1", "c1", 1, "", signature.code_digest("r1", "123456"),
                                     "王总", "", T0 + timedelta(hours=1))
    with pytest.raises(TransitionRefused):
        req.check_code("123456", T0 + timedelta(hours=2))
    req.check_code("123456", T0)
    with pytest.raises(TransitionRefused):
        req.check_code("123456", T0)


def test_the_rendered_document_and_its_hash_change_with_any_term() -> None:
    def doc(terms: Terms) -> str:
        return signature.render(contract_id="c1", version=1, account_name="常州精密",
                                title="加工中心", product_codes=("VMC-850",), terms=terms)

    assert signature.sha256(doc(TERMS)) == signature.sha256(doc(TERMS))
    changed = Terms(TERMS.payment_terms, TERMS.delivery_date, 13, TERMS.penalties,
                    TERMS.price_fen)
    assert signature.sha256(doc(changed)) != signature.sha256(doc(TERMS))
    assert "合同价格：¥1,800,000.00" in doc(TERMS)


def test_a_contract_submitted_on_friday_evening_is_chased_on_monday_not_at_the_weekend() -> None:
    friday_5pm = datetime(2026, 12, 4, 17, 0, tzinfo=SHANGHAI)
    c = contract()
    timing = Timing(calendar=WorkingCalendar({}))  # no schedule: Monday-Friday
    c.submit(am.resolve(am.DEFAULT_LEVELS, amount_fen=180_000_000, region_id="r-east",
                        people=PEOPLE), new_id=iter(["s1", "s2"]).__next__, now=friday_5pm,
             delegations={}, timing=timing)
    requested = next(e for e in c.events if isinstance(e, ev.ApprovalRequested))
    # Friday 17-18, then Monday 9-12 and 13:30-17: one working day of 7.5 hours.
    assert requested.due_at == datetime(2026, 12, 7, 17, 0, tzinfo=SHANGHAI)
    assert requested.escalate_at == datetime(2026, 12, 8, 17, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize("typed", [
    "HT-2026-00042", " ht-2026-00042 ", "ＨＴ－２０２６－０００４２", "HT 2026 00042",
    "HT2026-00042", "HT-2026-42", "ht—2026—42", "HT\u30002026\u300000042",
], ids=["as printed", "lower case, spaces", "full-width (Chinese IME)", "spaces for dashes",
        "no first dash", "without the zeros", "long dashes", "ideographic spaces"])
def test_a_contract_number_is_found_however_a_person_types_it(typed: str) -> None:
    assert typed_number(typed) == "HT-2026-00042"


def test_text_that_is_no_contract_number_is_looked_up_as_typed() -> None:
    assert typed_number(" garbage ") == "GARBAGE"


def _invited(name: str) -> signature.SignatureRequest:
    return signature.SignatureRequest(
        id="r1", contract_id="c1", version=1, token_sha256="t", code_sha256="c",
        signer_name=signature.signer_name(name), signer_phone="+8613812345678",
        expires_at=T0 + signature.VALID_FOR)


@pytest.mark.parametrize(("invited", "typed"), [
    ("王建国", "王 建国"), ("王建国", "王\u3000建国"), ("John Smith", "john smith"),
    ("John Smith", "ＪＯＨＮ　ＳＭＩＴＨ"), ("阿卜杜拉·买买提", "阿卜杜拉•买买提"),
    ("阿卜杜拉·买买提", "阿卜杜拉・买买提"), ("阿卜杜拉·买买提", "阿卜杜拉.买买提"),
], ids=["space in a Chinese name", "ideographic space", "case", "full-width letters",
        "bullet for the middle dot", "katakana middle dot", "full stop for the middle dot"])
def test_the_invited_signer_signs_whichever_way_their_keyboard_writes_the_name(
        invited: str, typed: str) -> None:
    _invited(invited).check_signer(signature.signer_name(typed))


def test_someone_else_cannot_sign_for_the_invited_signer() -> None:
    with pytest.raises(InvalidField) as refused:
        _invited("王建国").check_signer(signature.signer_name("王建军"))
    assert refused.value.field == "signer_name"


def test_the_right_code_typed_in_full_width_digits_signs_and_costs_no_attempt() -> None:
    invite = _invited("王建国")
    invite.code_sha256 = signature.code_digest(invite.id, "493027")
    invite.check_code("４９３０２７", T0)  # a Chinese IME in full-width mode
    assert invite.status == signature.SIGNED and invite.attempts == 0


def test_digits_that_are_no_code_are_refused_before_they_count_as_an_attempt() -> None:
    invite = _invited("王建国")
    with pytest.raises(InvalidField) as refused:
        invite.check_code("٤٩٣٠٢٧", T0)  # Arabic-Indic: digits, yet no code we send
    assert refused.value.field == "code" and invite.attempts == 0


@pytest.mark.parametrize("typed", ["2027-03-01T10:00:00+08:00", "2027-03-01T00:00:00",
                                   "20270301", "2027-W09-1", "2027-3-1"])
def test_a_delivery_date_is_a_day_written_yyyy_mm_dd_and_nothing_else(typed: str) -> None:
    """A partner calling gRPC directly gets the gateway's rule: no time, no other ISO form."""
    with pytest.raises(InvalidField) as bad:
        validated(payment_terms="预付 30%", delivery_date=typed, warranty_months=12,
                  penalties="每日 0.05%", price_fen=1, today=date(2026, 12, 1))
    assert bad.value.field == "delivery_date"
    assert bad.value.message == "交货日期格式应为 YYYY-MM-DD（只写日期，不带时间）"
