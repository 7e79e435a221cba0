"""Visits (times, photos, reports) and the structured needs record, as pure rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pipeline.domain import needs as nd
from pipeline.domain import visits as vd
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.geo import Point
from pipeline.domain.period import period

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 16
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 8
WEBP = b"RIFF\0\0\0\0WEBPVP8 "


def visit(**fields) -> vd.Visit:
    return vd.Visit(**({"id": "v1", "opportunity_id": "o1", "rep_id": "r1",
                        "rep_username": "rep01", "point": Point(31.2, 121.4),
                        "created_at": NOW} | fields))


@pytest.mark.parametrize(("head", "kind"), [(JPEG, "image/jpeg"), (PNG, "image/png"),
                                            (WEBP, "image/webp"), (b"%PDF-1.7", None),
                                            (b"GIF89a", None)])
def test_photo_type_is_read_from_the_bytes_not_the_claim(head, kind) -> None:
    assert vd.photo_type(head) == kind


def test_check_in_cannot_be_in_the_future_or_a_month_ago() -> None:
    assert vd.checked_in_time(None, now=NOW) == NOW
    assert vd.checked_in_time(NOW + timedelta(minutes=4), now=NOW)
    for bad in (NOW + timedelta(hours=1), NOW - timedelta(days=31)):
        with pytest.raises(InvalidField) as refused:
            vd.checked_in_time(bad, now=NOW)
        assert refused.value.field == "checked_in_at"


def test_planned_dates_run_from_today_to_ninety_days_ahead() -> None:
    today = date(2026, 11, 27)
    assert vd.planned_day("2026-11-27", today=today) == today
    for bad in ("2026-11-26", "2027-03-01", "27/11/2026"):
        with pytest.raises(InvalidField):
            vd.planned_day(bad, today=today)


def test_a_planned_visit_is_checked_in_once_before_its_report_and_a_retry_changes_nothing() -> None:
    planned = visit(planned_date=date(2026, 11, 28))
    assert planned.state == vd.PLANNED
    with pytest.raises(TransitionRefused):
        planned.file_report("见到设备部经理", now=NOW, first=True)
    photo = vd.Photo("p1", "a.jpg", "image/jpeg", 10, "abc")
    done = planned.check_in(at=NOW, point=Point(31.3, 121.5), photos=(photo,))
    assert done.state == vd.CHECKED_IN and done.point == Point(31.3, 121.5)
    retried = vd.Photo("p2", "a.jpg", "image/jpeg", 10, "abc")
    assert done.check_in(at=NOW, point=Point(31.3, 121.5), photos=(retried,)) is done
    with pytest.raises(TransitionRefused):
        done.check_in(at=NOW, point=Point(31.4, 121.5), photos=())


def test_a_report_is_filed_once_and_the_same_report_again_changes_nothing() -> None:
    filed = visit(checked_in_at=NOW).file_report(" 见到设备部经理 ", now=NOW, first=True)
    assert (filed.state, filed.report, filed.first, filed.reported_at) == (
        vd.REPORTED, "见到设备部经理", True, NOW)
    assert filed.file_report("见到设备部经理", now=NOW + timedelta(hours=1), first=False) is filed
    with pytest.raises(TransitionRefused):
        filed.file_report("另一份报告", now=NOW, first=False)
    with pytest.raises(InvalidField):
        visit(checked_in_at=NOW).file_report("   ", now=NOW, first=True)


FULL = nd.Needs(
    equipment_type="五轴加工中心", capacity="每月 3000 件", site_constraints="车间层高 6 米",
    budget_min_fen=100_000_000, budget_max_fen=150_000_000,
    decision_makers=(nd.Person("王总", "总经理"),),
    must_have_parameters=(nd.Parameter("定位精度", "0.005 mm"),))


def test_needs_are_complete_only_when_every_required_field_is_filled() -> None:
    assert nd.validated(FULL).complete
    half = nd.Needs(equipment_type="五轴加工中心")
    assert not half.complete
    assert half.missing == ["capacity", "site_constraints", "budget", "decision_makers",
                            "must_have_parameters"]
    assert set(nd.REQUIRED) >= set(half.missing)


def test_competing_vendors_are_optional_and_deduplicated() -> None:
    cleaned = nd.validated(nd.Needs(**{**FULL.to_dict(), "decision_makers": FULL.decision_makers,
                                       "must_have_parameters": FULL.must_have_parameters,
                                       "competing_vendors": ("德马吉", " 德马吉 ", "")}))
    assert cleaned.competing_vendors == ("德马吉",)


@pytest.mark.parametrize(("change", "field"), [
    ({"budget_min_fen": 200_000_000}, "budget_max_fen"),
    ({"budget_min_fen": -1}, "budget_min_fen"),
    ({"nonstandard_support": True}, "nonstandard_request"),
    ({"decision_makers": (nd.Person("", "采购"),)}, "decision_makers"),
    ({"must_have_parameters": (nd.Parameter("精度", ""),)}, "must_have_parameters"),
    ({"equipment_type": "x" * 201}, "equipment_type"),
])
def test_bad_needs_are_refused_naming_the_field(change, field) -> None:
    from dataclasses import replace

    with pytest.raises(InvalidField) as refused:
        nd.validated(replace(FULL, **change))
    assert refused.value.field == field


def test_needs_survive_the_round_trip_through_json() -> None:
    record = nd.validated(FULL)
    assert nd.from_dict(record.to_dict()) == record


def test_a_period_defaults_to_the_year_up_to_today_and_lists_its_iso_weeks() -> None:
    p = period("", "", today=date(2026, 11, 27))
    assert (p.first, p.last) == (date(2025, 11, 28), date(2026, 11, 27))
    assert period("2026-01-01", "2026-01-14", today=date(2026, 11, 27)).iso_weeks() == [
        "2026-W01", "2026-W02", "2026-W03"]
    with pytest.raises(InvalidField):
        period("2026-02-01", "2026-01-01", today=date(2026, 11, 27))


@pytest.mark.parametrize(("date_from", "date_to", "field"), [
    ("", "9999-12-31", "to"), ("0001-01-01", "", "from")])
def test_a_period_at_the_calendars_ends_is_refused_naming_the_field_not_a_502(
        date_from, date_to, field) -> None:
    """A dashboard's date picker typed to the end of time: the day after 9999-12-31 and a
    Shanghai midnight in year 1 do not exist as timestamps."""
    with pytest.raises(InvalidField) as refused:
        period(date_from, date_to, today=date(2026, 11, 27))
    assert refused.value.field == field


def test_a_planned_visit_checked_in_elsewhere_keeps_its_site_and_says_how_far() -> None:
    planned = visit(planned_date=date(2026, 11, 28), point=Point(31.2989, 120.5853))
    assert planned.site_distance_km is None
    there = planned.check_in(at=NOW, point=Point(39.9042, 116.4074), photos=())
    assert there.site == Point(31.2989, 120.5853) and there.point == Point(39.9042, 116.4074)
    assert 950 < (there.site_distance_km or 0) < 1100
    assert there.check_in(at=NOW, point=there.point, photos=()) is there  # a retry
