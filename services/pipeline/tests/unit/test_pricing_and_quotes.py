"""Quote maths in integer fen, discount limits as data, and the quote's states."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pipeline.domain.catalogue import Product
from pipeline.domain.demo_catalogue import DEMO_CATALOGUE
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.pricing import (
    DEFAULT_LIMITS,
    LineRequest,
    approver_needed,
    discount_of,
    may_approve,
    percent,
    price_lines,
    totals_of,
    yuan,
)
from pipeline.domain.quotes import Quote

CATALOGUE = {p.code: p for p in DEMO_CATALOGUE}
NOW = datetime(2026, 11, 27, 2, tzinfo=UTC)


def test_totals_are_exact_fen_and_the_discount_rounds_half_up() -> None:
    lines = price_lines([LineRequest("pal-r200", 2), LineRequest("OPT-MON", 1)], CATALOGUE)
    assert [line.line_total_fen for line in lines] == [112_000_000, 3_500_000]
    totals = totals_of(lines, 333)   # 3.33 % of 115,500,000 fen = 3,846,150 fen exactly
    assert (totals.subtotal_fen, totals.discount_fen, totals.total_fen) == (
        115_500_000, 3_846_150, 111_653_850)
    assert discount_of(150, 100) == 2      # 1.5 fen → 2 (half up)
    assert discount_of(149, 100) == 1      # 1.49 fen → 1
    assert isinstance(totals.total_fen, int)


def test_unknown_duplicate_or_inactive_products_name_the_line() -> None:
    with pytest.raises(InvalidField) as unknown:
        price_lines([LineRequest("CONV-100", 1), LineRequest("NOPE-1", 1)], CATALOGUE)
    assert unknown.value.field == "lines.1.product_code"
    with pytest.raises(InvalidField) as twice:
        price_lines([LineRequest("CONV-100", 1), LineRequest("CONV-100", 2)], CATALOGUE)
    assert twice.value.field == "lines.1.product_code"
    retired = CATALOGUE | {"CONV-100": Product("CONV-100", "product", "旧型号", 1, active=False)}
    with pytest.raises(InvalidField):
        price_lines([LineRequest("CONV-100", 1)], retired)
    with pytest.raises(InvalidField) as zero:
        price_lines([LineRequest("CONV-100", 0)], CATALOGUE)
    assert zero.value.field == "lines.0.quantity"
    with pytest.raises(InvalidField) as empty:
        price_lines([], CATALOGUE)
    assert empty.value.field == "lines"


def test_an_option_must_come_with_a_product_it_fits_but_a_service_need_not() -> None:
    with pytest.raises(InvalidField) as alone:
        price_lines([LineRequest("AGV-500", 1), LineRequest("OPT-GRP", 1)], CATALOGUE)
    assert alone.value.field == "lines.1.product_code" and "PAL-R200" in alone.value.message
    assert len(price_lines([LineRequest("SVC-TRN", 3)], CATALOGUE)) == 1


def test_discount_within_own_limit_needs_nobody_above_goes_to_the_lowest_covering_role() -> None:
    assert approver_needed(500, author_role="rep", limits=DEFAULT_LIMITS) == ""
    assert approver_needed(501, author_role="rep", limits=DEFAULT_LIMITS) == "manager"
    assert approver_needed(1_600, author_role="rep", limits=DEFAULT_LIMITS) == "director"
    assert approver_needed(1_600, author_role="director", limits=DEFAULT_LIMITS) == ""
    with pytest.raises(InvalidField) as beyond:
        approver_needed(3_001, author_role="rep", limits=DEFAULT_LIMITS)
    assert beyond.value.field == "discount_bp" and "30%" in beyond.value.message
    assert may_approve(1_500, role="manager", limits=DEFAULT_LIMITS)
    assert not may_approve(1_501, role="manager", limits=DEFAULT_LIMITS)
    assert not may_approve(100, role="rep", limits=DEFAULT_LIMITS)
    with pytest.raises(InvalidField):
        totals_of((), 10_001)


def test_money_and_percent_are_formatted_without_floats() -> None:
    assert yuan(123_456_789) == "1,234,567.89" and yuan(5) == "0.05" and yuan(-150) == "-1.50"
    assert (percent(500), percent(1250), percent(333)) == ("5%", "12.5%", "3.33%")


def _quote(approval_role: str = "") -> Quote:
    lines = price_lines([LineRequest("CONV-100", 1)], CATALOGUE)
    return Quote.draft(id="q1", opportunity_id="o1", version=1, lines=lines,
                       totals=totals_of(lines, 800), created_by="rep-1", created_at=NOW,
                       approval_role=approval_role, note="")


def test_a_pending_discount_blocks_issuing_until_approved() -> None:
    quote = _quote("manager")
    assert quote.approval == "pending"
    with pytest.raises(TransitionRefused):
        quote.issue(by="rep-1", now=NOW)
    assert quote.decide_discount(approve=True, comment="", by="mgr", now=NOW)
    assert not quote.decide_discount(approve=True, comment="", by="mgr", now=NOW)
    assert quote.issue(by="rep-1", now=NOW) and quote.state == "issued"
    assert not quote.issue(by="rep-1", now=NOW)   # a retry changes nothing


def test_a_rejection_needs_a_comment_and_the_quote_can_never_be_issued() -> None:
    quote = _quote("manager")
    with pytest.raises(InvalidField) as silent:
        quote.decide_discount(approve=False, comment=" ", by="mgr", now=NOW)
    assert silent.value.field == "comment"
    quote.decide_discount(approve=False, comment="折扣过高", by="mgr", now=NOW)
    with pytest.raises(TransitionRefused):
        quote.issue(by="rep-1", now=NOW)


def test_only_an_issued_live_version_can_be_accepted() -> None:
    quote = _quote()
    with pytest.raises(TransitionRefused):
        quote.accept(by="rep-1", now=NOW)
    quote.issue(by="rep-1", now=NOW)
    older = _quote()
    older.issue(by="rep-1", now=NOW)
    assert older.supersede() and older.state == "superseded"
    with pytest.raises(TransitionRefused):
        older.accept(by="rep-1", now=NOW)
    assert quote.accept(by="rep-1", now=NOW) and not quote.accept(by="rep-1", now=NOW)
    assert not quote.supersede() and quote.state == "accepted"


def test_a_superseded_quote_no_longer_waits_for_its_discount_approval() -> None:
    """The manager's 待审批 list must not keep versions the rep has replaced."""
    older = _quote("manager")
    assert older.approval == "pending"
    assert older.supersede() and older.approval == "withdrawn"
    with pytest.raises(TransitionRefused) as refused:
        older.decide_discount(approve=True, comment="", by="mgr", now=NOW)
    assert "新版本" in str(refused.value)


def test_a_draft_whose_discount_the_loss_withdrew_waits_for_approval_again_when_reopened(
) -> None:
    draft = _quote("manager")
    assert draft.withdraw_discount() and draft.approval == "withdrawn"  # the deal was lost
    with pytest.raises(TransitionRefused):
        draft.decide_discount(approve=True, comment="", by="mgr", now=NOW)
    assert draft.reinstate_discount() and draft.approval == "pending"  # …and reopened
    assert draft.decide_discount(approve=True, comment="", by="mgr", now=NOW)
    superseded = _quote("manager")
    assert superseded.supersede() and not superseded.reinstate_discount()
    assert superseded.approval == "withdrawn"


def test_the_first_discount_decision_counts_another_persons_is_refused() -> None:
    """The approver and their delegate may both decide (QA #13/#14): the second is told
    the first stands, even when they agree; the decider's own retry changes nothing."""
    quote = _quote("manager")
    assert quote.decide_discount(approve=True, comment="代批", by="mgr-south", now=NOW)
    for approve, comment in ((True, ""), (False, "折扣过高")):
        with pytest.raises(TransitionRefused, match="以先做出的决定为准"):
            quote.decide_discount(approve=approve, comment=comment, by="mgr-east", now=NOW)
    assert not quote.decide_discount(approve=True, comment="", by="mgr-south", now=NOW)
    assert (quote.approval, quote.decided_by) == ("approved", "mgr-south")
