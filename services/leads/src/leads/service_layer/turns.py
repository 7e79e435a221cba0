"""Round-robin turns of one transaction: locked once, taken in memory, written once.

Before this, each lead locked its team row, counted its rep's day with an upsert and
saved the team, a dozen round trips per lead with the team's turn held throughout, so a
burst queued on one row per region. `Turns` locks every team and every rep-day row a
transaction may touch up front — teams, then reps, each in sorted order, the one order
every assignment path uses, so transactions never wait on each other crosswise — and
then picks in memory. While the rows are held, no other transaction can move a team's
scores or a rep's count, so the in-memory picks are exactly what one-by-one picking
would give: weighted shares, caps and away are unchanged.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import teams_repo
from leads.domain.assignment import Candidate
from leads.domain.teams import Member, RepSettings, member, pick


class Turns:
    def __init__(self, session: AsyncSession, *, day: date) -> None:
        self.session, self.day = session, day
        self.scores: dict[str, dict[str, int]] = {}
        self.counts: dict[str, int] = {}
        self.settings: dict[str, RepSettings] = {}
        self._locked = False
        self._teams: set[str] = set()
        self._reps: set[str] = set()
        # Members as last built: a batch's leads see the same reps at the same moment,
        # and only the rep picked changes (their count) from one lead to the next.
        self._members: dict[tuple[str, str, int, datetime], Member] = {}

    async def lock(self, *, team_keys: Collection[str], user_ids: Collection[str]) -> None:
        """Once per instance: locking more later would break the one lock order."""
        assert not self._locked, "Turns.lock is called once"
        self._locked = True
        self.scores, self.counts, self.settings = await teams_repo.lock_turns(
            self.session, team_keys=team_keys, user_ids=user_ids, day=self.day)

    def take(self, *, team_key: str | None, pool: Sequence[Candidate],
             exclude: Collection[str], now: datetime) -> tuple[Member, int] | None:
        """The team's next rep and which lead of their day this is, or None when nobody
        in the pool is available; a person target (no team key) has no scores."""
        assert self._locked, "Turns.take before Turns.lock"
        if not [c for c in pool if c.user_id not in exclude]:
            return None
        members = [self._member(c, now) for c in pool]
        picked = pick([replace(m, away=True) if m.user_id in exclude else m for m in members],
                      self.scores.get(team_key, {}) if team_key else {})
        if picked is None:
            return None
        chosen, new_scores = picked
        nth = self.counts[chosen.user_id] = self.counts.get(chosen.user_id, 0) + 1
        self._reps.add(chosen.user_id)
        if team_key:
            self.scores[team_key] = new_scores
            self._teams.add(team_key)
        return chosen, nth

    def _member(self, candidate: Candidate, now: datetime) -> Member:
        key = (candidate.user_id, candidate.username, candidate.display_name,
               self.counts.get(candidate.user_id, 0), now)
        found = self._members.get(key)
        if found is None:
            found = self._members[key] = member(
                candidate.user_id, candidate.username, self.settings.get(candidate.user_id),
                assigned_today=key[3], now=now, display_name=candidate.display_name)
        return found

    def taken(self) -> dict[str, object]:
        """What `save` writes, as the parameters of teams_repo.SAVE_TURNS_CTES (for a
        caller that writes them within its own statement), and forgets it."""
        params = teams_repo.turns_params(
            day=self.day, scores={k: self.scores[k] for k in sorted(self._teams)},
            counts={u: self.counts[u] for u in sorted(self._reps)})
        self._teams.clear()
        self._reps.clear()
        return params

    async def save(self) -> None:
        params = self.taken()
        if params["s_keys"] or params["s_ids"]:
            await teams_repo.save_turns(self.session, params)
