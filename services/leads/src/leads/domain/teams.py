"""Picking a rep inside a team: smooth weighted round-robin, daily caps, reps away. Pure.

Smooth weighted round-robin (nginx's upstream algorithm): each pick adds every available
rep's weight (capacity) to their running score, takes the highest score and subtracts the
total weight from it. Over any run of leads the shares follow the weights exactly (2:1
gives A B A, A B A...) and a heavy rep's leads are spread out rather than bunched. The
scores are the team's persisted state; ties go to the smallest user id, so the order is
stable. A rep who is away or at their daily cap is left out of the pick (their score
does not grow meanwhile, so they do not come back with a backlog of turns).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_CAPACITY = 100
MAX_DAILY_CAP = 10_000


@dataclass(frozen=True)
class RepSettings:
    """A rep's assignment settings; a rep nobody configured has these defaults."""

    user_id: str
    capacity: int = 1
    daily_cap: int | None = None  # None: no cap
    away: bool = False
    away_until: datetime | None = None  # None while away: until they come back

    def is_away(self, now: datetime) -> bool:
        return self.away and (self.away_until is None or now < self.away_until)


@dataclass(frozen=True)
class Member:
    user_id: str
    username: str
    weight: int = 1
    assigned_today: int = 0
    daily_cap: int | None = None
    away: bool = False
    display_name: str = ""  # the directory's name for people; reasons use `shown`

    @property
    def shown(self) -> str:
        return self.display_name or self.username

    @property
    def available(self) -> bool:
        under_cap = self.daily_cap is None or self.assigned_today < self.daily_cap
        return not self.away and under_cap


def shanghai_day(now: datetime) -> date:
    """The working day a moment belongs to: caps reset at midnight Beijing time."""
    return now.astimezone(SHANGHAI).date()


def member(user_id: str, username: str, settings: RepSettings | None, *,
           assigned_today: int, now: datetime, display_name: str = "") -> Member:
    settings = settings or RepSettings(user_id)
    return Member(user_id, username, weight=settings.capacity, assigned_today=assigned_today,
                  daily_cap=settings.daily_cap, away=settings.is_away(now),
                  display_name=display_name)


def pick(members: Sequence[Member], scores: Mapping[str, int]
         ) -> tuple[Member, dict[str, int]] | None:
    """The next rep and the team's new scores, or None when nobody is available."""
    live = [m for m in sorted(members, key=lambda m: m.user_id) if m.available]
    if not live:
        return None
    current = {m.user_id: scores.get(m.user_id, 0) + m.weight for m in live}
    chosen = max(live, key=lambda m: current[m.user_id])  # first max: smallest id
    current[chosen.user_id] -= sum(m.weight for m in live)
    # Reps no longer in the team are forgotten; absent ones keep their score.
    kept = {m.user_id: scores.get(m.user_id, 0) for m in members}
    return chosen, kept | current
