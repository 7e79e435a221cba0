"""Scores from facts: a pure function, so replaying the same events gives the same scores.

Per KPI a rep has a value and an attainment in [0, 1]:
- rate KPIs: the share of judged items that were ok (an item per subject: a lead that ran
  overdue counts as missed even if contacted later); hour targets are judged here; the
  first-visit report's hours run on working days only (report_clock: 48 h = two working
  days of the mainland calendar, so a deal moved to 初访 before 国庆 and reported right
  after is not late); a deal that entered 初访 and has no first-visit report when the target has
  passed (as of the scoring time) is a miss in the period its deadline fell in, so not
  reporting at all scores no better than reporting late;
- satisfaction: mean score / best score;
- signed amount: sum of won fen / target (monthly target; a week's is 12/52 of it), capped at 1.
score = 100 × Σ weight·attainment / Σ weight, over the KPIs with data, so a rep is not
punished for a KPI nothing happened in (no first visit this week). Signed amount always has
data: signing nothing is a result. A KPI that is never a rep's to earn (kpis.NOT_A_REPS:
工单按时受理, measured on whoever accepts an order) has no data for any rep. Two decimals,
half up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from servicekit.workcal.hours import WorkingCalendar

from incentives.domain import facts as f
from incentives.domain import kpis as k
from incentives.domain.periods import Period, local_day
from incentives.domain.report_clock import report_due

FEEDS = {
    k.FIRST_VISIT_48H: (f.VISIT_REPORT,), k.FIRST_CONTACT: (f.FIRST_CONTACT,),
    k.NEEDS_BEFORE_DESIGN: (f.DESIGN_ENTERED,), k.QUOTE_TURNAROUND: (f.QUOTE_FIRST,),
    k.WORK_ORDER_ON_TIME: (f.WORK_ORDER_ACCEPTED,), k.SATISFACTION: (f.SURVEY_ANSWERED,),
    k.SIGNED_AMOUNT: (f.DEAL_WON,),
}


@dataclass(frozen=True)
class Judged:
    fact: f.Fact
    kpi_id: str
    ok: bool


@dataclass(frozen=True)
class KpiResult:
    kpi: k.Kpi
    has_data: bool
    value: Fraction
    attainment: Fraction
    count: int


@dataclass
class RepScore:
    user_id: str
    score: Decimal
    kpis: list[KpiResult] = field(default_factory=list)
    judged: list[Judged] = field(default_factory=list)


def two_places(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


def in_period(facts: Iterable[f.Fact], period: Period) -> list[f.Fact]:
    return [x for x in facts if period.contains(local_day(x.occurred_at))]


def judge(kpi: k.Kpi, fact: f.Fact, needs_done: dict[str, list],
          calendar: WorkingCalendar) -> bool:
    if kpi.id == k.FIRST_VISIT_48H:
        # value: the seconds from 初访 to the report, so 初访 is occurred_at − value.
        entered = fact.occurred_at - timedelta(seconds=fact.value)
        return fact.occurred_at <= report_due(entered, kpi.target, calendar)
    if kpi.unit == "hours":
        return fact.value <= kpi.target * 3600
    if fact.kind == f.DESIGN_ENTERED:
        return any(at <= fact.occurred_at for at in needs_done.get(fact.subject_id, ()))
    return fact.ok


def unreported_visits(kpi: k.Kpi, known: list[f.Fact], period: Period,
                      as_of: datetime | None, calendar: WorkingCalendar) -> list[Judged]:
    """Deals that entered 初访 whose report target passed before `as_of` with no report."""
    if as_of is None:
        return []
    reported = {x.subject_id for x in known if x.kind == f.VISIT_REPORT}
    late = []
    for x in known:
        if x.kind != f.FIRST_VISIT_ENTERED or x.subject_id in reported:
            continue
        deadline = report_due(x.occurred_at, kpi.target, calendar)
        if deadline <= as_of and period.contains(local_day(deadline)):
            late.append(Judged(x, kpi.id, False))
    return late


def score_rep(user_id: str, facts: list[f.Fact], kpis: tuple[k.Kpi, ...], period: Period,
              *, all_facts: list[f.Fact] | None = None,
              as_of: datetime | None = None,
              calendar: WorkingCalendar | None = None) -> RepScore:
    """`facts`: this rep's facts of the period; `all_facts`: every fact the rep has (a
    needs record saved last month still counts for entering design this month; a deal
    that entered 初访 last week may miss its report deadline this week). `calendar`: the
    working days (default Monday–Friday, no holidays)."""
    known = all_facts if all_facts is not None else facts
    calendar = calendar if calendar is not None else WorkingCalendar({})
    needs_done: dict[str, list] = defaultdict(list)
    for x in known:
        if x.kind == f.NEEDS_COMPLETE:
            needs_done[x.subject_id].append(x.occurred_at)
    result = RepScore(user_id, Decimal("0.00"))
    earned, weights = Fraction(0), 0
    for kpi in kpis:
        if kpi.id in k.NOT_A_REPS:  # never a rep's to earn (kpis.NOT_A_REPS)
            result.kpis.append(KpiResult(kpi, False, Fraction(0), Fraction(0), 0))
            continue
        mine = [x for x in facts if x.kind in FEEDS.get(kpi.id, ())]
        judged = [Judged(x, kpi.id, judge(kpi, x, needs_done, calendar)) for x in mine]
        if kpi.id == k.FIRST_VISIT_48H:
            judged += unreported_visits(kpi, known, period, as_of, calendar)
        result.judged += judged
        kr = _result(kpi, judged, period)
        result.kpis.append(kr)
        if kr.has_data:
            earned += kpi.weight_pct * kr.attainment
            weights += kpi.weight_pct
    result.score = two_places(100 * earned / weights) if weights else Decimal("0.00")
    return result


def _result(kpi: k.Kpi, judged: list[Judged], period: Period) -> KpiResult:
    if kpi.kind == k.AMOUNT:
        total = sum(j.fact.value for j in judged)
        target = Fraction(kpi.target) * (1 if period.kind == "month" else Fraction(12, 52))
        attainment = min(Fraction(1), Fraction(total) / target) if target else Fraction(1)
        return KpiResult(kpi, True, Fraction(total), attainment, len(judged))
    if not judged:
        return KpiResult(kpi, False, Fraction(0), Fraction(0), 0)
    if kpi.kind == k.AVERAGE:
        mean = Fraction(sum(j.fact.value for j in judged), len(judged))
        return KpiResult(kpi, True, mean, min(Fraction(1), mean / (kpi.target or 5)),
                         len(judged))
    by_subject: dict[str, bool] = {}
    for j in judged:  # one item per subject; a miss on it wins
        by_subject[j.fact.subject_id] = by_subject.get(j.fact.subject_id, True) and j.ok
    rate = Fraction(sum(by_subject.values()), len(by_subject))
    return KpiResult(kpi, True, rate, rate, len(by_subject))


def score_all(facts: list[f.Fact], kpis: tuple[k.Kpi, ...], period: Period,
              user_ids: Iterable[str], *, as_of: datetime | None = None,
              calendar: WorkingCalendar | None = None) -> dict[str, RepScore]:
    by_user: dict[str, list[f.Fact]] = defaultdict(list)
    for x in facts:
        by_user[x.user_id].append(x)
    return {uid: score_rep(uid, in_period(by_user[uid], period), kpis, period,
                           all_facts=by_user[uid], as_of=as_of, calendar=calendar)
            for uid in sorted(set(user_ids))}


def mean_score(scores: Iterable[Decimal]) -> Decimal:
    values = list(scores)
    if not values:
        return Decimal("0.00")
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)
