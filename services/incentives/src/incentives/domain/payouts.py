"""Pay schemes as data, and payout statements in integer fen.

Scheme A: commission on the signed amount of the period, marginal tiers (like income-tax
brackets): each tier's rate applies to the part of the amount inside it.
Scheme B: process points (the rep's KPI score × 100, an integer) share a bonus pool; the
pool is `pool_bp` of the signed amount of all scheme-B reps of the period.

Rounding rule (documented, tested): scheme A is computed exactly and rounded once, half
up, to the fen; a scheme-B pool is split by largest remainder — everyone gets the floor of
their exact share, and the fen left over go one each to the largest fractional parts
(ties: smaller user id first), so the shares add up to the pool exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

RULE_A = "按档累进计算，合计后四舍五入到分"
RULE_B = ("奖金池按积分分配：先取整到分，余下的分按小数部分从大到小逐一分配"
          "（最大余数法），合计等于奖金池")


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


def commission_a(signed_fen: int, scheme: SchemeA) -> tuple[int, list[tuple[str, int, int, int]]]:
    """Total fen and the lines (label, base fen, rate bp, exact-rounded line fen)."""
    lines, exact, lower = [], Fraction(0), 0
    for tier in scheme.tiers:
        upper = signed_fen if tier.up_to_fen is None else min(signed_fen, tier.up_to_fen)
        base = max(0, upper - lower)
        if base:
            part = Fraction(base * tier.rate_bp, 10_000)
            exact += part
            top = "" if tier.up_to_fen is None else f"{tier.up_to_fen / 100:,.0f}"
            label = f"{lower / 100:,.0f}–{top} 元"
            lines.append((label, base, tier.rate_bp, half_up(part)))
        if tier.up_to_fen is None or signed_fen <= tier.up_to_fen:
            break
        lower = tier.up_to_fen
    return half_up(exact), lines


def half_up(value: Fraction) -> int:
    return int((Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP))


def pool_fen(signed_by_b_reps: int, scheme: SchemeB) -> int:
    return half_up(Fraction(signed_by_b_reps * scheme.pool_bp, 10_000))


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
