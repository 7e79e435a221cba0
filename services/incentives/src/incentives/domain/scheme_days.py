"""Which scheme pays each day, and the month parts a statement is made of.

A rep is on scheme B on the days a trial's B arm holds them (its first to its last day),
on A on every other day. A period is cut at the turn of a month and wherever a rep's
scheme changes, each part paid under its own scheme and counted within its own month:
scheme A's month-to-date signed amount is the rep's signings on their A days of the
month, the scheme-B pool's the B reps' signings on their B days. Every figure is a
difference of two month-to-date figures, so any cut of a month — its weeks — adds up to
the month to the fen, also in a month a trial starts or ends in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from incentives.domain import periods
from incentives.domain.month_to_date import MonthPart

Window = tuple[date, date]       # a trial's first and last day (inclusive)
Signings = list[tuple[date, int]]  # (local day, fen)
PoolKey = tuple[frozenset[str], str]  # the reps sharing a pool, its month (2027-02)


@dataclass(frozen=True)
class Run:
    """Days [first, end) of one month over which the set of reps on B does not change."""
    month: periods.Period
    first: date
    end: date
    on_b: frozenset[str]


def on_b(windows: Iterable[Window], day: date) -> bool:
    return any(first <= day <= last for first, last in windows)


def runs(period: periods.Period, windows: Mapping[str, list[Window]]) -> list[Run]:
    """`period` cut at month turns and at each window's first day and the day after its
    last."""
    cuts = {d for spans in windows.values() for first, last in spans
            for d in (first, last + timedelta(days=1))}
    found = []
    for month, first, end in periods.by_month(period):
        edges = sorted({first, end} | {d for d in cuts if first < d < end})
        for a, b in pairwise(edges):
            held = frozenset(uid for uid, spans in windows.items() if on_b(spans, a))
            found.append(Run(month, a, b, held))
    return found


def a_parts(period: periods.Period, signed: Signings, windows: list[Window]) -> list[MonthPart]:
    """A rep's scheme-A parts of `period`; `signed` from the first of its first month."""
    def on_a(day: date) -> bool:
        return not on_b(windows, day)

    return [MonthPart(r.month.code,
                      sum(v for d, v in signed if r.month.first <= d < r.first and on_a(d)),
                      sum(v for d, v in signed if r.first <= d < r.end))
            for r in runs(period, {"": windows}) if not r.on_b]


def b_pools(period: periods.Period, signed: Mapping[str, Signings],
            windows: Mapping[str, list[Window]]) -> dict[PoolKey, list[MonthPart]]:
    """The scheme-B pool's signed amount of the runs of each month, keyed by the reps
    sharing it and the month (a week's days in two months are two pools, each counting
    within its month). `signed`: every rep on B on some day from the first of the
    period's first month."""
    def pooled(month: periods.Period, end: date) -> int:
        return sum(v for uid, days in signed.items() for d, v in days
                   if month.first <= d < end and on_b(windows.get(uid, []), d))

    pools: dict[PoolKey, list[MonthPart]] = {}
    for r in runs(period, windows):
        if r.on_b:
            before = pooled(r.month, r.first)
            pools.setdefault((r.on_b, r.month.code), []).append(
                MonthPart(r.month.code, before, pooled(r.month, r.end) - before))
    return pools
