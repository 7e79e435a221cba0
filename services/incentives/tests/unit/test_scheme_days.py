"""A trial that ends mid-month: the rep's scheme-A days count within the month on their
own, what they signed on scheme B already paid by the pool (not lifting the tiers)."""

from __future__ import annotations

from datetime import date

from incentives.domain import periods, scheme_days
from incentives.domain.month_to_date import MonthPart

WAN = 1_000_000
TRIAL = (date(2027, 2, 1), date(2027, 2, 14))


def test_the_a_days_after_a_trial_count_from_zero_not_from_the_b_days_signings() -> None:
    signed = [(date(2027, 2, 5), 60 * WAN), (date(2027, 2, 20), 10 * WAN)]
    month = periods.parse("2027-02")
    assert scheme_days.a_parts(month, signed, [TRIAL]) == [
        MonthPart("2027-02", 0, 10 * WAN)]
    assert scheme_days.b_pools(month, {"r1": signed}, {"r1": [TRIAL]}) == {
        (frozenset({"r1"}), "2027-02"): [MonthPart("2027-02", 0, 60 * WAN)]}


def test_a_period_is_cut_at_the_month_turn_and_at_each_trials_first_and_after_its_last_day(
) -> None:
    week = periods.parse("2027-W09")   # Mon 1 Mar … Sun 7 Mar; Feb ends before it
    runs = scheme_days.runs(week, {"r1": [(date(2027, 3, 3), date(2027, 3, 4))]})
    assert [(r.first.day, r.end.day, sorted(r.on_b)) for r in runs] == [
        (1, 3, []), (3, 5, ["r1"]), (5, 8, [])]


def test_a_week_spanning_the_turn_of_a_month_on_b_has_a_pool_in_each_month() -> None:
    week = periods.parse("2027-W13")   # Mon 29 Mar … Sun 4 Apr
    signed = {"r1": [(date(2027, 3, 3), 5 * WAN), (date(2027, 3, 30), 10 * WAN),
                     (date(2027, 4, 2), 20 * WAN)]}
    trial = {"r1": [(date(2027, 3, 1), date(2027, 4, 30))]}
    assert scheme_days.b_pools(week, signed, trial) == {
        (frozenset({"r1"}), "2027-03"): [MonthPart("2027-03", 5 * WAN, 10 * WAN)],
        (frozenset({"r1"}), "2027-04"): [MonthPart("2027-04", 0, 20 * WAN)]}
