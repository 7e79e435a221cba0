"""Random, stratified, reproducible arms; a unit is never in two arms at once."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from incentives.domain import experiments as x
from incentives.domain.errors import InvalidField

UNITS = {f"r{i:02d}": ("east", "south", "north")[i % 3] for i in range(30)}


def test_the_same_seed_gives_the_same_arms_and_another_seed_other_arms() -> None:
    first = x.assign(UNITS, 7)
    assert first == x.assign(UNITS, 7)
    assert first != x.assign(UNITS, 8)


def test_every_region_is_split_evenly_between_the_arms() -> None:
    arms = x.assign(UNITS, 7)
    per_region = Counter((a.region_id, a.arm) for a in arms)
    assert all(per_region[(r, "A")] == per_region[(r, "B")] == 5
               for r in ("east", "south", "north"))


def test_odd_strata_do_not_all_favour_the_same_arm() -> None:
    odd = {"a1": "east", "a2": "east", "a3": "east", "b1": "west", "b2": "west", "b3": "west"}
    assert Counter(a.arm for a in x.assign(odd, 1)) == {"A": 3, "B": 3}


def test_a_unit_in_both_arms_is_refused() -> None:
    with pytest.raises(InvalidField) as refused:
        x.explicit(["r01", "r02"], ["r02", "r03"], UNITS)
    assert refused.value.field == "arm_b"


@pytest.mark.parametrize(("arm_a", "arm_b", "field"), [
    (["r01", "r02"], [], "arm_b"),          # was accepted: a "trial" with no B arm
    ([], ["r01"], "arm_a"),
    (["r01", "r01"], ["r03"], "arm_a"),     # was a unique violation: 502
    (["r01"], ["r03", "r03"], "arm_b"),
])
def test_explicit_arms_each_need_distinct_units(arm_a: list[str], arm_b: list[str],
                                                 field: str) -> None:
    with pytest.raises(InvalidField) as refused:
        x.explicit(arm_a, arm_b, UNITS)
    assert refused.value.field == field


def test_a_unit_already_in_a_running_experiment_is_refused() -> None:
    with pytest.raises(InvalidField) as refused:
        x.check_no_overlap(["r01", "r05"], {"r05": "Q3 试点"})
    assert refused.value.field == "unit_ids" and "Q3 试点" in refused.value.message


def test_windows_overlap_and_status() -> None:
    q = x.window("2026-07-01", "2026-09-30")
    assert q.overlaps(x.window("2026-09-30", "2026-12-31"))
    assert not q.overlaps(x.window("2026-10-01", "2026-12-31"))
    assert q.status(date(2026, 11, 1)) == "finished"
    with pytest.raises(InvalidField):
        x.window("2026-07-01", "2026-06-30")


@pytest.mark.parametrize(("starts_on", "ends_on", "field"), [
    ("9999-12-31", "9999-12-31", "starts_on"), ("2026-12-01", "9999-12-31", "ends_on"),
    ("0001-01-01", "0001-01-02", "starts_on"), ("2027-01-01", "2037-01-01", "ends_on"),
    ("2027-01-01", "2028-01-02", "ends_on")])
def test_a_trial_outside_2000_to_2099_or_longer_than_a_year_is_refused(
        starts_on: str, ends_on: str, field: str) -> None:
    with pytest.raises(InvalidField) as refused:
        x.window(starts_on, ends_on)
    assert refused.value.field == field


def test_a_trial_of_a_whole_leap_year_is_allowed() -> None:
    assert x.window("2028-01-01", "2028-12-31").ends_on == date(2028, 12, 31)


@pytest.mark.parametrize(("starts_on", "said"), [
    ("20261201", "开始日期格式应为 2026-12-01"), ("2026-W48-2", "开始日期格式应为 2026-12-01"),
    ("２０２６-１２-０１", "开始日期格式应为 2026-12-01"),
    ("2026-02-30", "开始日期没有这一天：2026-02-30")])
def test_a_trial_starts_on_a_real_day_written_yyyy_mm_dd(starts_on: str, said: str) -> None:
    """A partner's client sending 20261201 or a week date got a trial starting on what
    Python guessed; 2026-02-30 was told its (right) format was wrong."""
    with pytest.raises(InvalidField) as refused:
        x.window(starts_on, "2026-12-31")
    assert (refused.value.field, refused.value.message) == ("starts_on", said)
