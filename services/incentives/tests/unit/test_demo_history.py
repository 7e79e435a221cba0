"""The demo's year is deterministic, and its rewards follow the streak rule."""

from __future__ import annotations

from datetime import date, time, timedelta

from incentives.domain import streaks
from incentives.domain.demo_history import daily_logs, history, streak_rewards

REPS = [("r1", "east"), ("r2", "east"), ("r3", "south")]
TODAY = date(2026, 11, 27)


def weekday(day: date) -> bool:
    return day.weekday() < 5


def test_the_same_people_and_day_give_the_same_history() -> None:
    first = history(REPS, TODAY, {"r2"}, (TODAY - timedelta(days=100), TODAY - timedelta(days=14)))
    again = history(REPS, TODAY, {"r2"}, (TODAY - timedelta(days=100), TODAY - timedelta(days=14)))
    assert first == again and len({f.event_id for f in first}) == len(first)
    assert all(TODAY - timedelta(days=371) <= f.occurred_at.date() < TODAY for f in first)


def test_demo_rewards_are_exactly_the_days_a_streak_reaches_a_multiple_of_seven() -> None:
    logs = daily_logs(["r1", "r2"], TODAY, is_workday=weekday, cutoff=time(21))
    earned = streak_rewards(logs, TODAY, is_workday=weekday, length=7)
    assert earned
    for user in ("r1", "r2"):
        days = {g.day for g in logs if g.user_id == user and g.on_time}
        expected = [d for d in sorted(days)
                    if streaks.earns(streaks.streak(d, days, is_workday=weekday),
                                     streaks.Policy())]
        assert [d for u, d in earned if u == user] == expected
