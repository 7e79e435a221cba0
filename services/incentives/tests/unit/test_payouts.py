"""Pay schemes in integer fen: A by marginal tiers, B by largest remainder."""

from __future__ import annotations

from incentives.domain import payouts
from incentives.domain.month_to_date import MonthPart
from incentives.domain.payouts import SchemeA, SchemeB, Tier


def month(signed_fen: int) -> list[MonthPart]:
    return [MonthPart("2026-11", 0, signed_fen)]


def test_scheme_a_applies_each_tier_rate_to_the_part_inside_it() -> None:
    # 800,000 元: 500,000 × 2% + 300,000 × 3% = 10,000 + 9,000 = 19,000 元
    total, lines = payouts.commission_a(month(80_000_000), SchemeA())
    assert total == 1_900_000
    assert [(line.base_fen, line.rate_bp) for line in lines] == [(50_000_000, 200),
                                                                 (30_000_000, 300)]
    # 1,200,000 元 reaches the open top tier: 10,000 + 15,000 + 8,000
    assert payouts.commission_a(month(120_000_000), SchemeA())[0] == 3_300_000


def test_scheme_a_rounds_once_half_up_to_the_fen() -> None:
    scheme = SchemeA((Tier(None, 150),))  # 1.5 %
    assert payouts.commission_a(month(33), scheme)[0] == 0     # 0.495 fen
    assert payouts.commission_a(month(100), scheme)[0] == 2    # 1.5 fen → 2


def test_a_pool_shared_by_points_adds_up_exactly_by_largest_remainder() -> None:
    shares = payouts.share_pool(100, {"a": 1, "b": 1, "c": 1})
    assert shares == {"a": 34, "b": 33, "c": 33}  # tie on remainders: smaller id first
    shares = payouts.share_pool(1_000_001, {"r1": 7_012, "r2": 6_433, "r3": 9_999, "r4": 1})
    assert sum(shares.values()) == 1_000_001
    # floors 299,083 + 274,387 + 426,487 + 42 leave 2 fen: to .95 (r3) and .65 (r4)
    assert shares == {"r1": 299_083, "r2": 274_387, "r3": 426_488, "r4": 43}


def test_nobody_without_points_shares_the_pool_unless_nobody_has_any() -> None:
    assert payouts.share_pool(500, {"a": 0, "b": 0}) == {"a": 250, "b": 250}  # nobody scored
    assert payouts.share_pool(500, {"a": 3, "b": 0}) == {"a": 500, "b": 0}


def test_the_pool_is_a_share_of_scheme_b_signed_amount() -> None:
    assert payouts.pool_fen(month(10_000_000), SchemeB(300)) == 300_000
