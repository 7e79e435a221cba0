"""A contract priced below its accepted quote needs the approvals its discount would have
needed on the quote: one set of discount limits (rep 5 %, manager 15 %, director 30 %)."""

from __future__ import annotations

import pytest
from pipeline.domain import approval_matrix as am
from pipeline.domain import contract_discount as cd
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.pricing import DEFAULT_LIMITS

PEOPLE = [
    am.Person("rep-id", "rep01", "rep", "r-east", "m-east", True),
    am.Person("m-east", "mgr-east", "manager", "r-east", "dir-id", True, ("r-east",)),
    am.Person("dir-id", "director", "director", "", "", True),
    am.Person("vp-id", "vp", "director", "", "gm-id", True),
    am.Person("gm-id", "gm", "director", "", "", True),
]
QUOTE = cd.QuoteFacts(version=2, subtotal_fen=48_000_000, total_fen=48_000_000)  # ¥480,000


def chain(price_fen: int, quote: cd.QuoteFacts = QUOTE,
          limits: dict[str, int] = DEFAULT_LIMITS) -> list[am.Assignee]:
    amount = am.approval_amount(price_fen=price_fen, quote_total_fen=quote.total_fen)
    by_amount = am.resolve(am.DEFAULT_LEVELS, amount_fen=amount, region_id="r-east",
                           people=PEOPLE, owner_id="rep-id")
    return cd.with_discount(by_amount, cd.cut_of(price_fen, quote), owner_id="rep-id",
                            people=PEOPLE, limits=limits)


def test_the_implied_discount_is_rounded_up_to_the_basis_point_in_integers() -> None:
    cut = cd.cut_of(47_000_000, QUOTE)
    assert cut is not None
    assert (cut.below_quote_bp, cut.discount_bp) == (209, 209)   # 2.0833… % → 2.09 %
    assert cut.reason == ("合同价 ¥470,000.00 低于客户接受的报价 V2（总价 ¥480,000.00），"
                          "隐含折扣 2.09%")
    assert cd.cut_of(30_000_000, QUOTE).discount_bp == 3750       # type: ignore[union-attr]


def test_a_small_cut_within_the_reps_limit_stays_with_the_region_manager_alone() -> None:
    steps = chain(47_000_000)
    assert [(a.level.code, a.approver_id) for a in steps] == [("regional_director", "m-east")]
    assert "隐含折扣 2.09%" in steps[0].reason


def test_a_cut_within_the_managers_limit_is_answered_by_the_region_manager() -> None:
    steps = chain(43_200_000)                                      # 10 %
    assert [a.approver_id for a in steps] == ["m-east"]
    assert steps[0].reason.endswith("隐含折扣 10%，须经理审批")


def test_a_director_level_cut_adds_the_managers_director_after_the_amount_chain() -> None:
    steps = chain(37_000_000)                                      # 22.92 %
    assert [(a.level.code, a.approver_id) for a in steps] == [
        ("regional_director", "m-east"), (cd.DISCOUNT_LEVEL, "dir-id")]
    assert steps[1].level.label == "折扣审批（总监）"
    assert steps[1].reason.endswith("隐含折扣 22.92%，须总监审批")
    assert steps[0].reason == ""


def test_a_cut_beyond_every_limit_is_refused_naming_the_price() -> None:
    with pytest.raises(InvalidField) as refused:
        chain(30_000_000)                                          # 37.5 % > 30 %
    assert refused.value.field == "price_fen"
    assert "隐含折扣 37.5%" in str(refused.value) and "30%" in str(refused.value)


def test_the_limits_decide_when_an_admin_raised_the_directors() -> None:
    steps = chain(30_000_000, limits={**DEFAULT_LIMITS, "director": 4_000})
    assert [a.approver_id for a in steps] == ["m-east", "dir-id"]
    assert "隐含折扣 37.5%" in steps[1].reason


def test_a_director_already_on_the_amount_chain_answers_for_the_discount() -> None:
    quote = cd.QuoteFacts(1, 80_000_000, 80_000_000)               # ¥800,000: VP by amount
    steps = chain(64_000_000, quote)                               # 20 %
    assert [(a.level.code, a.approver_id) for a in steps] == [
        ("regional_director", "m-east"), ("sales_vp", "vp-id")]
    assert steps[1].reason.endswith("须总监审批")


def test_a_cut_comes_on_top_of_the_discount_the_quote_already_had() -> None:
    quote = cd.QuoteFacts(3, 50_000_000, 45_000_000)               # a 10 % quote
    steps = chain(40_500_000, quote)                               # 10 % below it: 19 % off list
    assert [a.approver_id for a in steps] == ["m-east", "dir-id"]
    assert "隐含折扣 10%，连同报价折扣较目录价合计 19%" in steps[1].reason


def test_a_contract_at_or_above_its_quote_is_no_discount() -> None:
    assert cd.cut_of(48_000_000, QUOTE) is None
    assert cd.cut_of(52_000_000, QUOTE) is None
    steps = chain(52_000_000)                                      # ¥520,000: VP by amount
    assert [a.approver_id for a in steps] == ["m-east", "vp-id"]
    assert all(a.reason == "" for a in steps)


def test_nobody_with_the_power_refuses_the_submission() -> None:
    amount = am.approval_amount(price_fen=37_000_000, quote_total_fen=QUOTE.total_fen)
    few = [p for p in PEOPLE if p.role != "director"]
    by_amount = am.resolve(am.DEFAULT_LEVELS, amount_fen=amount, region_id="r-east",
                           people=few, owner_id="rep-id")
    with pytest.raises(TransitionRefused, match="没有可用的总监"):
        cd.with_discount(by_amount, cd.cut_of(37_000_000, QUOTE), owner_id="rep-id",
                         people=few, limits=DEFAULT_LIMITS)


def test_the_step_answering_for_the_discount_records_how_much_it_answers_for() -> None:
    """What a delegate of that step must be allowed to approve; the other steps need none."""
    assert [a.discount_bp for a in chain(47_000_000)] == [0]            # within a rep's 5 %
    assert [a.discount_bp for a in chain(43_200_000)] == [1000]         # the manager's 10 %
    assert [a.discount_bp for a in chain(37_000_000)] == [0, 2292]      # the director's step
    quote = cd.QuoteFacts(1, 80_000_000, 80_000_000)
    assert [a.discount_bp for a in chain(64_000_000, quote)] == [0, 2000]  # the VP answers


def test_a_persons_discount_power_is_their_roles_limit_and_none_for_others() -> None:
    by_id = {p.id: p for p in PEOPLE}
    assert cd.power_of(by_id["m-east"], DEFAULT_LIMITS) == 1500
    assert cd.power_of(by_id["dir-id"], DEFAULT_LIMITS) == 3000
    assert cd.power_of(by_id["rep-id"], DEFAULT_LIMITS) == -1           # reps approve nothing
    admin = am.Person("adm", "admin", "admin", "", "", True)
    stopped = am.Person("old", "old-dir", "director", "", "", False)
    assert [cd.power_of(p, DEFAULT_LIMITS) for p in (admin, stopped, None)] == [-1, -1, -1]
