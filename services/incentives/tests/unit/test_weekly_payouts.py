"""A week's scheme-A commission counts within its month: finance adds the weekly
statements of a month and must find the month's statement, to the fen."""

from __future__ import annotations

from datetime import datetime

from incentives.domain import facts as f
from incentives.domain import month_to_date, periods
from incentives.domain.month_to_date import MonthPart
from incentives.domain.payouts import SchemeA, SchemeB, Tier, commission_a, pool_fen

WAN = 1_000_000  # 10,000 元 in fen


def won(rep: str, day: tuple[int, int, int], fen: int, hour: int = 10) -> f.Fact:
    at = datetime(*day, hour, tzinfo=periods.SHANGHAI)
    return f.Fact(f"won-{rep}-{at:%m%d%H}-{fen}", "pipeline.deal_won", f.DEAL_WON, rep, "r",
                  "o", at, True, fen)


def weeks_of(signed: list[int]) -> list[list[MonthPart]]:
    """One month's weeks, each signing its amount, as month parts."""
    parts, before = [], 0
    for fen in signed:
        parts.append([MonthPart("2026-12", before, fen)])
        before += fen
    return parts


def test_four_weeks_of_400000_yuan_pay_what_the_month_of_1600000_pays() -> None:
    weekly = [commission_a(p, SchemeA(), name_month=True)[0] for p in weeks_of([40 * WAN] * 4)]
    # month-to-date 400k / 800k / 1.2M / 1.6M 元 → 8,000 / 19,000 / 33,000 / 49,000 元
    assert weekly == [800_000, 1_100_000, 1_400_000, 1_600_000]
    month_total, _ = commission_a([MonthPart("2026-12", 0, 160 * WAN)], SchemeA())
    assert sum(weekly) == month_total == 4_900_000   # 10,000 + 15,000 + 24,000 元
    assert 4 * 800_000 < month_total                  # the bug paid 2 % every week


def test_a_week_crossing_a_tier_shows_both_tiers_with_the_month_to_date_figures() -> None:
    _, lines = commission_a([MonthPart("2026-12", 40 * WAN, 40 * WAN)], SchemeA(),
                            name_month=True)
    assert [(x.label, x.base_fen, x.rate_bp, x.amount_fen) for x in lines] == [
        ("2026-12 月累计 0–500,000 元", 10 * WAN, 200, 200_000),
        ("2026-12 月累计 500,000–1,000,000 元", 30 * WAN, 300, 900_000)]
    assert [(x.to_date_before_fen, x.to_date_after_fen) for x in lines] == [
        (40 * WAN, 50 * WAN), (50 * WAN, 80 * WAN)]
    assert [(x.commission_before_fen, x.commission_after_fen) for x in lines] == [
        (800_000, 1_000_000), (1_000_000, 1_900_000)]


def test_a_week_spanning_two_months_counts_each_part_within_its_own_month() -> None:
    week = periods.parse("2026-W49")  # Mon 30 Nov – Sun 6 Dec
    facts = [won("r1", (2026, 11, 2), 90 * WAN),     # November before the week
             won("r1", (2026, 11, 30), 20 * WAN),    # the week's November Monday
             won("r1", (2026, 12, 1), 20 * WAN, hour=0),  # 00:xx Shanghai is December
             won("r1", (2026, 12, 8), 99 * WAN)]     # after the week: not read
    parts = month_to_date.parts(facts, week, ["r1"])["r1"]
    assert parts == [MonthPart("2026-11", 90 * WAN, 20 * WAN),
                     MonthPart("2026-12", 0, 20 * WAN)]
    total, lines = commission_a(parts, SchemeA(), name_month=True)
    # November: 900k→1.1M 元 is 100k at 3 % + 100k at 4 %; December starts again at 2 %
    assert [(x.month, x.rate_bp, x.base_fen) for x in lines] == [
        ("2026-11", 300, 10 * WAN), ("2026-11", 400, 10 * WAN), ("2026-12", 200, 20 * WAN)]
    assert total == 300_000 + 400_000 + 400_000


def test_half_fen_weeks_add_up_to_the_month_because_month_to_date_is_rounded() -> None:
    scheme = SchemeA((Tier(None, 200),))  # 2 % of 25 fen is half a fen
    weekly = [commission_a(p, scheme)[0] for p in weeks_of([25, 25, 25, 25])]
    assert weekly == [1, 0, 1, 0]        # rounded alone each week would pay 1+1+1+1
    assert sum(weekly) == commission_a([MonthPart("2026-12", 0, 100)], scheme)[0] == 2


def test_tier_lines_add_up_to_the_statement_even_when_a_tier_ends_on_a_half_fen() -> None:
    scheme = SchemeA((Tier(25, 200), Tier(None, 300)))
    for signed in range(0, 200, 7):
        total, lines = commission_a([MonthPart("2026-12", 0, signed)], scheme)
        assert sum(x.amount_fen for x in lines) == total


def test_weekly_scheme_b_pools_add_up_to_the_months_pool() -> None:
    weekly = [pool_fen(p, SchemeB(300)) for p in weeks_of([50, 50, 50, 50])]  # 1.5 fen each
    assert sum(weekly) == pool_fen([MonthPart("2026-12", 0, 200)], SchemeB(300)) == 6
    assert weekly == [2, 1, 2, 1]
