"""Daily-log streaks: consecutive working days (mainland calendar) with an on-time log.

A log is on time when submitted on a working day before the cut-off (Asia/Shanghai).
Days off neither break nor extend a streak; a working day without an on-time log resets
it. Every full run of `length` days (7, 14, ... since the last reset) earns the reward
once; the reward is keyed by the run's last day, so a retried log cannot earn it twice.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from incentives.domain.periods import SHANGHAI

_LOOKBACK_DAYS = 400


@dataclass(frozen=True)
class Policy:
    cutoff: time = time(21, 0)
    length: int = 7
    reward_fen: int = 5_000
    reward_label: str = "交通补贴"
    kind: str = "streak_7"


def on_time(submitted_at: datetime, *, is_workday: Callable[[date], bool],
            policy: Policy) -> tuple[date, bool, bool]:
    """(local day, on time, is a working day) of a log submitted at `submitted_at`."""
    local = submitted_at.astimezone(SHANGHAI)
    workday = is_workday(local.date())
    return local.date(), workday and local.time() < policy.cutoff, workday


def streak(today: date, on_time_days: Collection[date], *,
           is_workday: Callable[[date], bool]) -> int:
    """Consecutive on-time working days ending at `today` (0 when today's is missing)."""
    count, day = 0, today
    for _ in range(_LOOKBACK_DAYS):
        if is_workday(day):
            if day not in on_time_days:
                break
            count += 1
        day -= timedelta(days=1)
    return count


def earns(streak_length: int, policy: Policy) -> bool:
    return streak_length > 0 and streak_length % policy.length == 0
