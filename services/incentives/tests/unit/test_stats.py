"""The statistics agree with reference computations on fixed data."""

from __future__ import annotations

import math

import pytest
from incentives.domain import stats
from scipy import stats as sp

A = [120.0, 95.5, 130.2, 88.0, 101.1, 99.9, 140.3, 76.4]
B = [150.2, 133.0, 128.8, 160.1, 119.9, 142.0, 171.3, 138.6, 125.0]


def test_welch_matches_scipy_ttest_ind_with_unequal_variances() -> None:
    ours = stats.welch(A, B)
    ref = sp.ttest_ind(B, A, equal_var=False)
    ci = ref.confidence_interval(0.95)
    assert ours.test == "welch_t"
    assert ours.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    assert (ours.ci_low, ours.ci_high) == (pytest.approx(ci.low), pytest.approx(ci.high))
    assert ours.difference == pytest.approx(sum(B) / len(B) - sum(A) / len(A))


def test_two_proportion_z_matches_the_textbook_formula() -> None:
    # 45/100 vs 60/100: pooled p = 0.525, z = 0.15 / sqrt(0.525·0.475·0.02) = 2.1239
    ours = stats.two_proportions(45, 100, 60, 100)
    z = 0.15 / math.sqrt(0.525 * 0.475 * 0.02)
    assert ours.p_value == pytest.approx(2 * (1 - sp.norm.cdf(z)), rel=1e-9)
    assert ours.p_value == pytest.approx(0.03368, abs=1e-4)
    half = 1.959964 * math.sqrt(0.45 * 0.55 / 100 + 0.6 * 0.4 / 100)
    assert (ours.ci_low, ours.ci_high) == (pytest.approx(0.15 - half, abs=1e-6),
                                           pytest.approx(0.15 + half, abs=1e-6))
    assert ours.sufficient and "显著高于" in stats.verdict(ours, "转化率", "个商机")


def test_the_verdict_says_when_the_sample_is_too_small() -> None:
    small = stats.welch([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    assert not small.sufficient
    assert stats.verdict(small, "签约额", "名销售") == (
        "样本太少，无法判断：签约额每组至少需要 5 名销售（A 组 3、B 组 3），请延长实验或扩大分组")
    assert not stats.two_proportions(2, 4, 3, 4).sufficient


def test_a_rate_everyone_reached_is_too_small_to_tell_for_its_real_reason() -> None:
    # 10 reps per arm is enough reps; nobody left, so the z test has nothing to compare
    kept = stats.two_proportions(10, 10, 10, 10)
    assert stats.verdict(kept, "留存率", "名销售") == (
        "样本太少，无法判断：留存率每组“是”和“否”都至少需要 5 名销售（A 组 10/10、B 组 10/10），"
        "请延长实验或扩大分组")


def test_no_difference_reads_as_not_significant() -> None:
    same = stats.welch(A, list(A))
    assert same.p_value == pytest.approx(1.0)
    assert "没有显著差异" in stats.verdict(same, "过程得分", "名销售")
