"""Pay schemes as data, and payout statements in integer fen.

Scheme A: commission on the signed amount of a month, marginal tiers (like income-tax
brackets): each tier's rate applies to the part of the amount inside it. The tiers are a
MONTH's. A week is paid what its signings add to its month's commission: the commission
on the month-to-date signed amount through the week's end minus that before the week's
start; a week spanning the turn of a month (ISO weeks do; dates in Asia/Shanghai) is cut
there, each part counting within its own month.
Scheme B: process points (the rep's KPI score × 100, an integer) share a bonus pool; the
pool is `pool_bp` of the signed amount of all scheme-B reps of the period, a week's pool
again what the week adds to the month's.

Rounding rule (documented, tested): month-to-date figures are computed exactly and
rounded once, half up, to the fen; what a week (or a tier line) pays is the difference of
two such rounded figures, so the weeks of a month add up to the month's statement to the
fen, and a statement's tier lines to its total. A scheme-B pool is split by largest
remainder — everyone gets the floor of their exact share, and the fen left over go one
each to the largest fractional parts (ties: smaller user id first), so the shares add up
to the pool exactly. (A rep's weekly shares need not add up to their monthly share: each
period's pool is shared by that period's points.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from incentives.domain.month_to_date import MonthPart

RULE_A = "按档累进计算：累计提成四舍五入到分，各档金额为档末与档初累计提成之差，合计即应发"
RULE_A_WEEK = ("分档按月累计：本周提成 = 截至周末的当月累计签约额的提成 − "
               "截至周初的当月累计签约额的提成（累计提成各自四舍五入到分），故各周之和等于"
               "当月提成；跨月的周在月末拆开，各部分按所在月累计")
RULE_B = ("奖金池按积分分配：先取整到分，余下的分按小数部分从大到小逐一分配"
          "（最大余数法），合计等于奖金池")
RULE_B_WEEK = (RULE_B + "；本周奖金池 = 截至周末与截至周初的当月方案B签约额所计奖金池（各自四舍五入"
               "到分）之差，各周奖金池之和等于当月奖金池")


@dataclass(frozen=True)
class Tier:
    up_to_fen: int | None     # None: no upper bound
    rate_bp: int              # basis points (1% = 100)


@dataclass(frozen=True)
class SchemeA:
    tiers: tuple[Tier, ...] = (Tier(50_000_000, 200), Tier(100_000_000, 300), Tier(None, 400))


@dataclass(frozen=True)
class SchemeB:
    pool_bp: int = 300


@dataclass(frozen=True)
class Line:
    """One tier's share of one month part: the month-to-date signed amount runs from
    `to_date_before_fen` to `to_date_after_fen` inside the tier, and the line pays the
    difference of the month-to-date commission at those two points."""
    label: str
    base_fen: int
    rate_bp: int
    amount_fen: int
    month: str
    to_date_before_fen: int
    to_date_after_fen: int
    commission_before_fen: int
    commission_after_fen: int


def to_date(signed_fen: int, scheme: SchemeA) -> int:
    """The commission on a month-to-date signed amount: exact, then rounded once."""
    exact, lower = Fraction(0), 0
    for tier in scheme.tiers:
        upper = signed_fen if tier.up_to_fen is None else min(signed_fen, tier.up_to_fen)
        exact += Fraction(max(0, upper - lower) * tier.rate_bp, 10_000)
        if tier.up_to_fen is None or signed_fen <= tier.up_to_fen:
            break
        lower = tier.up_to_fen
    return half_up(exact)


def commission_a(parts: Sequence[MonthPart], scheme: SchemeA, *,
                 name_month: bool = False) -> tuple[int, list[Line]]:
    """Total fen and the lines, one per tier each part's signings pass through. The lines
    telescope, so they add up to the total. `name_month`: labels say whose month it is
    (a week's statement)."""
    lines = [line for part in parts for line in _part_lines(part, scheme, name_month)]
    return sum(line.amount_fen for line in lines), lines


def _part_lines(part: MonthPart, scheme: SchemeA, name_month: bool) -> list[Line]:
    lines, lower = [], 0
    for tier in scheme.tiers:
        upper = tier.up_to_fen
        lo = max(lower, part.before_fen)
        hi = part.after_fen if upper is None else min(upper, part.after_fen)
        if hi > lo:
            top = "" if upper is None else f"{upper / 100:,.0f}"
            label = f"{lower / 100:,.0f}–{top} 元"
            if name_month:
                label = f"{part.month} 月累计 {label}"
            before, after = to_date(lo, scheme), to_date(hi, scheme)
            lines.append(Line(label, hi - lo, tier.rate_bp, after - before, part.month,
                              lo, hi, before, after))
        if upper is None or part.after_fen <= upper:
            break
        lower = upper
    return lines


def half_up(value: Fraction) -> int:
    return int((Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP))


def pool_fen(parts: Sequence[MonthPart], scheme: SchemeB) -> int:
    """`parts`: the scheme-B reps' signings added up (`month_to_date.total`)."""
    def to_date(signed: int) -> int:
        return half_up(Fraction(signed * scheme.pool_bp, 10_000))
    return sum(to_date(p.after_fen) - to_date(p.before_fen) for p in parts)


def share_pool(pool: int, points: Mapping[str, int]) -> dict[str, int]:
    """Largest remainder: shares sum to `pool` exactly, and nobody without points gets
    anything — unless nobody has points at all (no process data in the period), when the
    pool is split equally rather than left unpaid."""
    if pool <= 0 or not points:
        return {uid: 0 for uid in points}
    if sum(points.values()) <= 0:
        points = {uid: 1 for uid in points}
    total = sum(points.values())
    exact = {uid: Fraction(pool * p, total) for uid, p in points.items()}
    shares = {uid: int(x) for uid, x in exact.items()}  # floor: values are non-negative
    left = pool - sum(shares.values())
    order = sorted(points, key=lambda uid: (-(exact[uid] - shares[uid]), uid))
    for uid in order[:left]:
        shares[uid] += 1
    return shares
