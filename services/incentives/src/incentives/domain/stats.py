"""Per-metric comparison of two arms, with scipy doing the distributions.

Means (signed amount per rep, process score, satisfaction): Welch's t (unequal variances),
95% interval for B − A from the Welch–Satterthwaite degrees of freedom. Rates (retention,
conversion): two-proportion z test with the pooled proportion, Wald 95% interval for the
difference. Too small to tell: fewer than 5 units per arm for means, fewer than 5 successes
or failures per arm for rates; the verdict then says so instead of guessing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

ALPHA = 0.05
MIN_N = 5
WELCH, TWO_PROPORTION_Z = "welch_t", "two_proportion_z"


@dataclass(frozen=True)
class Comparison:
    arm_a: float
    arm_b: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    test: str
    n_a: int
    n_b: int
    sufficient: bool


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def _var(xs: Sequence[float]) -> float:
    m = _mean(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - 1) if len(xs) > 1 else 0.0


def welch(a: Sequence[float], b: Sequence[float]) -> Comparison:
    ma, mb, na, nb = _mean(a), _mean(b), len(a), len(b)
    diff = mb - ma
    sufficient = na >= MIN_N and nb >= MIN_N
    if na < 2 or nb < 2:
        return Comparison(ma, mb, diff, math.nan, math.nan, math.nan, WELCH, na, nb, False)
    va, vb = _var(a) / na, _var(b) / nb
    se = math.sqrt(va + vb)
    if se == 0:
        p = 1.0 if diff == 0 else 0.0
        return Comparison(ma, mb, diff, diff, diff, p, WELCH, na, nb, sufficient)
    df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
    t = diff / se
    p = float(2 * stats.t.sf(abs(t), df))
    half = float(stats.t.ppf(1 - ALPHA / 2, df)) * se
    return Comparison(ma, mb, diff, diff - half, diff + half, p, WELCH, na, nb, sufficient)


def two_proportions(x_a: int, n_a: int, x_b: int, n_b: int) -> Comparison:
    pa = x_a / n_a if n_a else 0.0
    pb = x_b / n_b if n_b else 0.0
    diff = pb - pa
    sufficient = all(v >= MIN_N for v in (x_a, n_a - x_a, x_b, n_b - x_b))
    if not n_a or not n_b:
        return Comparison(pa, pb, diff, math.nan, math.nan, math.nan, TWO_PROPORTION_Z,
                          n_a, n_b, False)
    pooled = (x_a + x_b) / (n_a + n_b)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    p = (1.0 if diff == 0 else 0.0) if se0 == 0 else float(2 * stats.norm.sf(abs(diff) / se0))
    half = float(stats.norm.ppf(1 - ALPHA / 2)) * math.sqrt(
        pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    return Comparison(pa, pb, diff, diff - half, diff + half, p, TWO_PROPORTION_Z,
                      n_a, n_b, sufficient)


def verdict(c: Comparison, label: str, unit: str) -> str:
    """`unit` carries its measure word: "名销售", "个商机"."""
    if not c.sufficient and c.test == TWO_PROPORTION_Z and min(c.n_a, c.n_b) >= MIN_N:
        # Enough units, but a rate near 0 or 1: the z test needs both outcomes in each
        # arm (retention of 10/10 vs 10/10 used to read "at least 5 per arm (10, 10)").
        yes_a, yes_b = round(c.arm_a * c.n_a), round(c.arm_b * c.n_b)
        return (f"样本太少，无法判断：{label}每组“是”和“否”都至少需要 {MIN_N} {unit}"
                f"（A 组 {yes_a}/{c.n_a}、B 组 {yes_b}/{c.n_b}），请延长实验或扩大分组")
    if not c.sufficient:
        return (f"样本太少，无法判断：{label}每组至少需要 {MIN_N} {unit}"
                f"（A 组 {c.n_a}、B 组 {c.n_b}），请延长实验或扩大分组")
    if c.p_value < ALPHA:
        direction = "高于" if c.difference > 0 else "低于"
        return (f"B 方案的{label}显著{direction} A 方案（p = {c.p_value:.3f}，"
                f"95% 置信区间 {c.ci_low:.2f} 至 {c.ci_high:.2f}）")
    return (f"两组{label}没有显著差异（p = {c.p_value:.3f}），现有数据不能说明哪个方案更好")
