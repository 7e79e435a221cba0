"""Scores are a pure function of the facts: a recorded week gives exact scores."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from google.protobuf.message import Message
from incentives.domain import facts as f
from incentives.domain import kpis as k
from incentives.domain import periods, scoring
from incentives.recorded import REGION, REP, at, week_48
from incentives.service_layer.fact_mapping import facts_of
from salesos.events.v1 import leads_pb2 as le
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.envelope import new_envelope
from servicekit.workcal.hours import WorkingCalendar

W48 = periods.parse("2026-W48")


def _facts() -> list[f.Fact]:
    return [x for env, payload in week_48() for x in facts_of(env, payload)]


def _survey(score: int, n: int) -> f.Fact:
    return f.Fact(f"s{n}", "incentives.survey_answered", f.SURVEY_ANSWERED, REP, REGION,
                  f"sv{n}", at(27, 18).ToDatetime(tzinfo=periods.SHANGHAI), True, score)


AS_OF = datetime(2026, 11, 27, 12, tzinfo=periods.SHANGHAI)


def test_replaying_the_recorded_week_gives_exact_scores() -> None:
    found = [*_facts(), _survey(4, 1), _survey(5, 2)]
    rep = scoring.score_all(found, k.DEFAULT, W48, [REP], as_of=AS_OF)[REP]
    by_kpi = {r.kpi.id: r for r in rep.kpis}
    assert by_kpi[k.FIRST_VISIT_48H].value == Fraction(1, 3)  # 24 h ok, 73 h late, never
    assert by_kpi[k.FIRST_CONTACT].value == Fraction(1, 2)    # overdue lead stays a miss
    assert by_kpi[k.NEEDS_BEFORE_DESIGN].value == Fraction(1, 2)
    assert by_kpi[k.QUOTE_TURNAROUND].value == 1 and by_kpi[k.QUOTE_TURNAROUND].count == 1
    assert not by_kpi[k.WORK_ORDER_ON_TIME].has_data
    assert by_kpi[k.SATISFACTION].value * 2 == 9
    assert by_kpi[k.SIGNED_AMOUNT].attainment == 1               # above a week's target
    # 100 × (30·⅓ + 15·½ + 10·½ + 10·1 + 10·0.9 + 20·1) / 95 (work orders: no data)
    assert rep.score == Decimal("64.74")


def test_an_unreported_first_visit_is_a_miss_only_once_its_target_has_passed() -> None:
    before = datetime(2026, 11, 25, 8, tzinfo=periods.SHANGHAI)  # o3's 48 h not up yet
    rep = scoring.score_all(_facts(), k.DEFAULT, W48, [REP], as_of=before)[REP]
    assert {r.kpi.id: r for r in rep.kpis}[k.FIRST_VISIT_48H].value == Fraction(1, 2)


def test_the_same_events_in_any_order_give_the_same_score() -> None:
    found = [*_facts(), _survey(4, 1)]
    expected = scoring.score_all(found, k.DEFAULT, W48, [REP], as_of=AS_OF)[REP].score
    for seed in range(5):
        shuffled = found[:]
        random.Random(seed).shuffle(shuffled)
        assert scoring.score_all(shuffled, k.DEFAULT, W48, [REP],
                                 as_of=AS_OF)[REP].score == expected


def test_a_longer_report_target_turns_the_late_visit_ok() -> None:
    found = [*_facts(), _survey(4, 1), _survey(5, 2)]
    longer = k.changed(k.DEFAULT, k.FIRST_VISIT_48H, weight_pct=30, target=96)
    rep = scoring.score_all(found, longer, W48, [REP], as_of=AS_OF)[REP]
    assert rep.score == Decimal("75.26")  # o3 is still a miss: 100 × 71.5 / 95


def test_only_first_visits_and_first_quotes_are_scored() -> None:
    kinds = [x.kind for x in _facts()]
    assert kinds.count(f.VISIT_REPORT) == 2 and kinds.count(f.QUOTE_FIRST) == 1


def test_a_rep_with_no_activity_scores_zero_and_facts_outside_the_period_do_not_count() -> None:
    assert scoring.score_all([], k.DEFAULT, W48, [REP])[REP].score == Decimal("0.00")
    later = scoring.score_all(_facts(), k.DEFAULT, periods.parse("2026-W49"), [REP])[REP]
    assert later.score == Decimal("0.00") and not later.judged


def test_team_score_is_the_mean_of_its_reps() -> None:
    assert scoring.mean_score([Decimal("64.74"), Decimal("75.26")]) == Decimal("70.00")


def test_leads_from_a_spreadsheet_import_leave_the_first_contact_rate_alone_both_ways() -> None:
    """250 imported leads land on a rep at once; their follow-up is the import's (the
    managers' summaries), so neither the misses nor the few quick calls move the rate."""
    overdue = [_import_env(le.LeadFirstContactOverdue(
        lead_id=f"I{n}", owner_id=REP, region_id=REGION, due_at=at(23, 17), import_id="imp-1"),
        "leads.first_contact_overdue") for n in range(250)]
    quick_calls = [_import_env(le.LeadContactLogged(
        lead_id=f"I{n}", owner_id=REP, first=True, contacted_at=at(23, 11), source="import"),
        "leads.contact_logged") for n in range(250, 260)]
    imported = [x for env, payload in overdue + quick_calls for x in facts_of(env, payload)]
    rep = scoring.score_all([*_facts(), *imported], k.DEFAULT, W48, [REP], as_of=AS_OF)[REP]
    assert {r.kpi.id: r for r in rep.kpis}[k.FIRST_CONTACT].value == Fraction(1, 2)


def _import_env(event: Message, kind: str) -> tuple[Envelope, Message]:
    return new_envelope(event, type=kind, source="leads", aggregate_id="x"), event


def _national_day_2026() -> WorkingCalendar:
    days = {date(2026, 9, 28) + timedelta(days=n): True for n in range(20)}
    days |= {date(2026, 10, d): False for d in range(1, 9)}   # 国庆 + 中秋, 10-01..10-08
    days |= {date(2026, 10, 11): False, date(2026, 10, 10): True, date(2026, 10, 17): False,
             date(2026, 10, 18): False, date(2026, 10, 4): False}
    return WorkingCalendar(days)


def _first_visit(entered: datetime, reported: datetime | None) -> list[f.Fact]:
    found = [f.Fact("e1", "pipeline.stage_changed", f.FIRST_VISIT_ENTERED, REP, REGION, "o9",
                    entered, True, 0)]
    if reported is not None:
        found.append(f.Fact("e2", "pipeline.visit_reported", f.VISIT_REPORT, REP, REGION,
                            "o9", reported, True, int((reported - entered).total_seconds())))
    return found


def _first_visit_kpi(found: list[f.Fact], period: periods.Period,
                     as_of: datetime) -> scoring.KpiResult:
    rep = scoring.score_all(found, k.DEFAULT, period, [REP], as_of=as_of,
                            calendar=_national_day_2026())[REP]
    return {r.kpi.id: r for r in rep.kpis}[k.FIRST_VISIT_48H]


def test_a_deal_moved_to_first_visit_before_national_day_and_reported_after_is_on_time(
) -> None:
    """初访 on 09-30 10:00, report filed 10-09 10:00, the first workday after 国庆: 24 hours
    of working days (14 on 09-30, 10 on 10-09), not the 216 calendar hours it missed by."""
    entered = datetime(2026, 9, 30, 10, tzinfo=periods.SHANGHAI)
    reported = datetime(2026, 10, 9, 10, tzinfo=periods.SHANGHAI)
    kpi = _first_visit_kpi(_first_visit(entered, reported), periods.parse("2026-W41"),
                           as_of=reported)
    assert (kpi.value, kpi.count) == (1, 1)


def test_an_unreported_first_visit_misses_after_two_working_days_not_calendar_hours(
) -> None:
    """Still unreported on 10-10 09:00 (the make-up Saturday; 14 h on 09-30 + 24 h on
    10-09 + 9 h = 47 h of working days): not a miss yet; at 10-10 10:00 it is."""
    entered = datetime(2026, 9, 30, 10, tzinfo=periods.SHANGHAI)
    found = _first_visit(entered, None)
    week = periods.parse("2026-W41")
    early = _first_visit_kpi(found, week, datetime(2026, 10, 10, 9, tzinfo=periods.SHANGHAI))
    assert not early.has_data
    late = _first_visit_kpi(found, week, datetime(2026, 10, 10, 10, tzinfo=periods.SHANGHAI))
    assert (late.value, late.count) == (0, 1)


def _accepted(n: int, on_time: bool) -> f.Fact:
    return f.Fact(f"w{n}", "workorders.accepted", f.WORK_ORDER_ACCEPTED, REP, REGION,
                  f"wo{n}", at(26, 10).ToDatetime(tzinfo=periods.SHANGHAI), on_time, 0)


def test_accepting_work_orders_on_time_is_not_part_of_a_reps_score() -> None:
    """工单按时受理 measures whoever accepts an order — 技术部, 财务部, 交付部 — and 销售部
    takes none: the few reps who once accepted one were scored on it, the others never.
    A rep's score leaves it out and spreads its weight as for a KPI without data."""
    base = [*_facts(), _survey(4, 1), _survey(5, 2)]
    without = scoring.score_all(base, k.DEFAULT, W48, [REP], as_of=AS_OF)[REP]
    late = [*base, _accepted(1, False), _accepted(2, False)]
    rep = scoring.score_all(late, k.DEFAULT, W48, [REP], as_of=AS_OF)[REP]
    assert not {r.kpi.id: r for r in rep.kpis}[k.WORK_ORDER_ON_TIME].has_data
    assert rep.score == without.score == Decimal("64.74")
    assert not [j for j in rep.judged if j.kpi_id == k.WORK_ORDER_ON_TIME]
