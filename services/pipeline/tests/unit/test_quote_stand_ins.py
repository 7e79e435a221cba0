"""While the manager of the deal's region is away, the rep's pending 8 % discount reads
who holds it for them (「等待经理审批（由 李明 代理）」); nobody else's delegation, and no
delegate who could not decide it, is named."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.domain.demo_catalogue import DEMO_CATALOGUE
from pipeline.domain.pricing import LineRequest, price_lines, totals_of
from pipeline.domain.quote_delegates import StandIn, standing_in
from pipeline.domain.quotes import Quote

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
LIMITS = {"rep": 500, "manager": 1500, "director": 3000}
EAST_AWAY = StandIn("mgr-east", "manager", ("east",), "mgr-south", "manager", "李明")


def pending(discount_bp: int = 800) -> Quote:
    lines = price_lines([LineRequest("CONV-100", 1)],
                        {p.code: p for p in DEMO_CATALOGUE})
    return Quote.draft(id="q1", opportunity_id="o1", version=1, lines=lines,
                       totals=totals_of(lines, discount_bp), created_by="rep-1",
                       created_at=NOW, approval_role="manager", note="")


def names(quote: Quote, *stand_ins: StandIn, region: str = "east",
          owner: str = "rep-1") -> tuple[str, ...]:
    return standing_in(stand_ins, quote, owner_id=owner, region_id=region, limits=LIMITS)


def test_the_rep_reads_who_holds_their_discount_for_the_away_manager() -> None:
    quote = pending()
    held = names(quote, EAST_AWAY)
    assert held == ("李明",)
    assert quote.waiting_for(role="rep", limits=LIMITS, stand_ins=held) == (
        False, "等待经理审批（由 李明 代理）")
    assert quote.waiting_for(role="manager", limits=LIMITS, stand_ins=held) == (
        True, "待您审批")


def test_only_a_delegate_who_could_decide_it_for_this_deals_approver_is_named() -> None:
    quote = pending()
    assert names(quote, EAST_AWAY, region="west") == ()            # another region's manager
    assert names(quote, EAST_AWAY, owner="mgr-south") == ()        # nobody decides their own
    admin = StandIn("mgr-east", "manager", ("east",), "adm", "admin", "管理员")
    assert names(quote, admin) == ()                               # no discount power
    director_away = StandIn("dir", "director", (), "dir-2", "director", "王总")
    assert names(pending(2000), director_away) == ()               # other directors decide
    assert pending(2000).waiting_for(role="rep", limits=LIMITS) == (False, "等待总监审批")
    old = StandIn("mgr-east", "", (), "mgr-south", "", "")         # set before names were kept
    assert names(quote, old) == ()
