"""KPI weights per role add up to 100 %; periods are ISO weeks and months."""

from __future__ import annotations

from datetime import date

import pytest
from incentives.domain import kpis as k
from incentives.domain import periods
from incentives.domain.errors import InvalidField


def test_default_rep_weights_sum_to_100_with_first_visit_report_at_30() -> None:
    k.check_weights(k.DEFAULT)
    assert {x.id: x.weight_pct for x in k.DEFAULT}[k.FIRST_VISIT_48H] == 30


def test_weights_not_summing_to_100_are_refused_naming_the_field() -> None:
    with pytest.raises(InvalidField) as refused:
        k.changed(k.DEFAULT, k.FIRST_VISIT_48H, weight_pct=40)
    assert refused.value.field == "weight_pct" and "110%" in refused.value.message


def test_moving_weight_between_kpis_in_one_change_is_accepted() -> None:
    updated = k.changed(k.DEFAULT, k.FIRST_VISIT_48H, weight_pct=40,
                        other_weights={k.SIGNED_AMOUNT: 10})
    assert {x.id: x.weight_pct for x in updated}[k.SIGNED_AMOUNT] == 10


def test_a_label_pasted_with_control_characters_is_kept_without_them() -> None:
    updated = k.changed(k.DEFAULT, k.FIRST_VISIT_48H, weight_pct=30, label="初访\x00报告")
    assert {x.id: x.label for x in updated}[k.FIRST_VISIT_48H] == "初访报告"


def test_a_bad_weight_moved_to_another_kpi_is_named_where_it_was_typed() -> None:
    with pytest.raises(InvalidField) as refused:
        k.changed(k.DEFAULT, k.FIRST_VISIT_48H, weight_pct=40,
                  other_weights={k.SIGNED_AMOUNT: -10, k.FIRST_CONTACT: 35})
    assert refused.value.field == f"other_weights.{k.SIGNED_AMOUNT}"


def test_unknown_kpi_is_refused() -> None:
    with pytest.raises(InvalidField) as refused:
        k.changed(k.DEFAULT, "nope", weight_pct=30)
    assert refused.value.field == "id"


def test_periods_are_iso_weeks_and_months() -> None:
    week = periods.parse("2026-W48")
    assert (week.first, week.end) == (date(2026, 11, 23), date(2026, 11, 30))
    month = periods.parse("2026-12")
    assert (month.first, month.end) == (date(2026, 12, 1), date(2027, 1, 1))
    for bad in ("2026-13", "2026-W60", "last week"):
        with pytest.raises(InvalidField):
            periods.parse(bad)


@pytest.mark.parametrize("code", ["1900-01", "1999-W52", "9999-12", "2100-01"])
def test_a_period_before_the_first_definitions_or_past_2099_is_refused(code: str) -> None:
    # 1900-01 found no KPI version in force; 9999-12's month end is year 10000 (502s)
    with pytest.raises(InvalidField) as refused:
        periods.parse(code)
    assert refused.value.field == "period"


def test_a_change_applies_from_the_first_of_next_month() -> None:
    assert periods.next_period_start(date(2026, 12, 15)) == date(2027, 1, 1)
