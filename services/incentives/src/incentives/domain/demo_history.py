"""The demo company's year of what only this service and leads record: first contacts and
answered surveys (and daily logs, streak rewards). Pure and deterministic: the same reps
and `today` always give the same facts (ids `demo-<n>`), so the seed is idempotent and
the demo's pages show the same numbers on every machine.

The deals' facts (opened, 初访 and its report, needs, design, quotes, wins) are not made
here: they come from the pipeline's own demo history (`python -m pipeline seed-demo`
tells each deal's past as pipeline.deal_history_recorded, scored like live events), so a
past week's scorecard counts what the pipeline lists for it.

Reps in arm B of the demo experiment behave a little better on process during it (what
the trial is meant to show), so its results page has something true to read.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from incentives.domain import facts as f
from incentives.domain.periods import SHANGHAI

DAYS = 364
MADE_HERE = (f.FIRST_CONTACT, f.SURVEY_ANSWERED)  # the kinds of fact `history` makes


def history(reps: Sequence[tuple[str, str]], today: date,
            arm_b: Collection[str] = (), trial: tuple[date, date] | None = None) -> list[f.Fact]:
    """`reps`: (user id, region id). Facts for the `DAYS` days before `today`."""
    rng = random.Random(20261127)
    out: list[f.Fact] = []

    def add(kind: str, user: str, region: str, subject: str, at: datetime, etype: str, *,
            ok: bool = True, value: int = 0) -> None:
        out.append(f.Fact(f"demo-{len(out)}", etype, kind, user, region, subject, at, ok, value))

    first = today - timedelta(days=DAYS)
    for user, region in sorted(reps):
        skill = rng.uniform(0.6, 0.95)
        for week in range(DAYS // 7):
            monday = first + timedelta(days=7 * week - first.weekday())
            in_trial = trial is not None and trial[0] <= monday <= trial[1]
            care = min(0.98, skill + (0.12 if in_trial and user in arm_b else 0))

            def at(day: int, hour: int, monday: date = monday) -> datetime:
                return datetime.combine(monday + timedelta(days=day), time(hour), SHANGHAI)

            for n in range(rng.randint(2, 4)):
                ok = rng.random() < care
                add(f.FIRST_CONTACT, user, region, f"demo-lead-{user}-{week}-{n}",
                    at(rng.randint(0, 4), rng.randint(9, 17)),
                    "leads.contact_logged" if ok else "leads.first_contact_overdue", ok=ok)
            if rng.random() < 0.7:
                score = 5 if rng.random() < care - 0.2 else rng.choice((3, 4, 4, 5))
                add(f.SURVEY_ANSWERED, user, region, f"demo-survey-{user}-{week}", at(4, 18),
                    "incentives.survey_answered", value=score)
    return [x for x in out if x.occurred_at.date() < today]



@dataclass(frozen=True)
class DemoLog:
    user_id: str
    day: date
    submitted_at: datetime
    on_time: bool


def daily_logs(user_ids: Sequence[str], today: date, *, is_workday: Callable[[date], bool],
               cutoff: time) -> list[DemoLog]:
    """A working year of end-of-day logs: most on time, some late, some missing."""
    rng = random.Random(7)
    logs = []
    for user in sorted(user_ids):
        habit = rng.uniform(0.75, 0.97)
        day = today - timedelta(days=DAYS)
        while day < today:
            if is_workday(day) and rng.random() < habit + 0.02:
                late = rng.random() > habit
                at = datetime.combine(day, cutoff, SHANGHAI) + timedelta(
                    minutes=rng.randint(5, 90) if late else -rng.randint(10, 240))
                logs.append(DemoLog(user, day, at, not late))
            day += timedelta(days=1)
    return logs


def streak_rewards(logs: Sequence[DemoLog], today: date, *,
                   is_workday: Callable[[date], bool], length: int) -> list[tuple[str, date]]:
    """(user, last day of the run) for every completed run of `length` on-time days —
    the same rule as streaks.streak/earns, walked forward over the year."""
    on_time: dict[str, set[date]] = {}
    for log in logs:
        if log.on_time:
            on_time.setdefault(log.user_id, set()).add(log.day)
    earned = []
    for user, days in sorted(on_time.items()):
        run, day = 0, today - timedelta(days=DAYS)
        while day < today:
            if is_workday(day):
                run = run + 1 if day in days else 0
                if run and run % length == 0:
                    earned.append((user, day))
            day += timedelta(days=1)
    return earned
