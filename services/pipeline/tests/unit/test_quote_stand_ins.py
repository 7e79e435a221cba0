"""While the manager of the deal's region is away, the rep's pending 8 % discount reads
who holds it for them (「等待经理审批（由 李明 代理）」); nobody else's delegation, and no
delegate who could not decide it, is named."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.domain.approval_matrix import Person
from pipeline.domain.demo_catalogue import DEMO_CATALOGUE
from pipeline.domain.pricing import LineRequest, price_lines, totals_of
from pipeline.domain.quote_delegates import (
    StandIn,
    every_director_away,
    named_now,
    standing_in,
)
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


def names(quote: Quote, *stand_ins: StandIn, region: str = "east", owner: str = "rep-1",
          directors_away: bool = False) -> tuple[str, ...]:
    return standing_in(stand_ins, quote, owner_id=owner, region_id=region, limits=LIMITS,
                       directors_away=directors_away)


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


# ---- a director's discount (above a manager's 15 %): while any director is in, any of
# ---- them decides it; once every director has delegated, the rep reads whom to chase.

GM, VP = (Person("gm", "gm", "director", "", "", True, (), "陈志远"),
          Person("vp", "vp", "director", "", "gm", True, (), "赵德胜"))
SOUTH = Person("mgr-south", "mgr-south", "manager", "south", "vp", True, ("south",), "李明")


def test_a_directors_discount_names_their_delegates_once_every_director_is_away() -> None:
    gm_to_vp = StandIn("gm", "director", (), "vp", "director", "赵德胜")
    vp_to_gm = StandIn("vp", "director", (), "gm", "director", "陈志远")
    twenty = pending(2000)
    assert names(twenty, gm_to_vp) == ()                      # the VP is in: any director
    assert not every_director_away([GM, VP], ["gm"])
    assert every_director_away([GM, VP], ["gm", "vp"])
    held = names(twenty, gm_to_vp, vp_to_gm, directors_away=True)
    assert held == ("赵德胜", "陈志远")
    assert twenty.waiting_for(role="rep", limits=LIMITS, stand_ins=held) == (
        False, "等待总监审批（由 赵德胜、陈志远 代理）")


def test_a_manager_holding_for_away_directors_is_not_named_for_a_25_percent_discount() -> None:
    """The discount-power rule: a manager (15 %) cannot take the directors' 25 % step, so
    the rep is not sent to chase him; the directors themselves still decide it."""
    to_south = StandIn("gm", "director", (), "mgr-south", "manager", "李明")
    assert names(pending(2500), to_south, directors_away=True) == ()
    assert pending(2500).waiting_for(role="rep", limits=LIMITS) == (False, "等待总监审批")


def test_the_directory_names_delegates_as_they_are_called_today() -> None:
    """A row kept from before names were stored (blank role and name) and a delegate
    renamed since both read as the directory says now; a stopped approver or delegate,
    or one the directory no longer knows, holds nothing."""
    people = {p.id: p for p in (GM, VP, SOUTH, Person("mgr-east", "mgr-east", "manager",
                                                      "east", "vp", True, ("east",), "周强"))}
    blank = StandIn("mgr-east", "", (), "mgr-south", "", "")
    [filled] = named_now([blank], people)
    assert filled == StandIn("mgr-east", "manager", ("east",), "mgr-south", "manager", "李明")
    assert names(pending(), filled) == ("李明",)
    renamed = people | {"mgr-south": Person("mgr-south", "mgr-south", "manager", "south",
                                            "vp", True, ("south",), "李明远")}
    assert named_now([EAST_AWAY], renamed)[0].delegate_name == "李明远"
    stopped = people | {"mgr-south": Person("mgr-south", "mgr-south", "manager", "south",
                                            "vp", False, ("south",), "李明")}
    assert named_now([EAST_AWAY], stopped) == ()
    assert named_now([StandIn("gone", "manager", ("east",), "mgr-south", "manager", "")],
                     people) == ()
