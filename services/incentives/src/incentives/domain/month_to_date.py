"""What a rep signed, month to date, around each part of a period.

Scheme A's tiers are a month's (and scheme B's pool a month's share): a week pays what
its signings add to the month's figure, so it needs the month's signings before it as
well as its own. A week spanning the turn of a month is two parts, each in its own month.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from incentives.domain import periods
from incentives.domain.facts import DEAL_WON, Fact


@dataclass(frozen=True)
class MonthPart:
    """A period's days inside one calendar month (`month`: 2026-11)."""
    month: str
    before_fen: int    # signed in the month before these days
    signed_fen: int    # signed within these days

    @property
    def after_fen(self) -> int:
        return self.before_fen + self.signed_fen


def first_needed(period: periods.Period) -> periods.Period:
    """The month whose first day starts the signings a period's payouts must read."""
    return periods.month_of(period.first)


def parts(won: Iterable[Fact], period: periods.Period,
          user_ids: Iterable[str]) -> dict[str, list[MonthPart]]:
    """Per rep, the parts of `period` (`periods.by_month`). `won`: the deal_won facts from
    the first day of the period's first month to the period's end (others are ignored)."""
    by_day: dict[str, list[tuple[date, int]]] = {uid: [] for uid in user_ids}
    for fact in won:
        if fact.kind == DEAL_WON and fact.user_id in by_day:
            by_day[fact.user_id].append((periods.local_day(fact.occurred_at), fact.value))
    return {uid: [MonthPart(month.code,
                            sum(v for d, v in days if month.first <= d < first),
                            sum(v for d, v in days if first <= d < end))
                  for month, first, end in periods.by_month(period)]
            for uid, days in by_day.items()}


def total(parts_of: Iterable[Iterable[MonthPart]]) -> list[MonthPart]:
    """Several reps' parts added month by month (the scheme-B pool's signed amount)."""
    summed: dict[str, tuple[int, int]] = {}
    for rep_parts in parts_of:
        for p in rep_parts:
            before, signed = summed.get(p.month, (0, 0))
            summed[p.month] = (before + p.before_fen, signed + p.signed_fen)
    return [MonthPart(month, before, signed) for month, (before, signed) in summed.items()]
