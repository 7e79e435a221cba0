"""Team round-robin state, rep settings, daily counts and rejections. Callers own the
transaction; `lock_teams` holds the teams' turns until it commits."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.assignment_orm import (
    lead_rejections,
    rep_daily_assignments,
    rep_settings,
)
from leads.domain.teams import RepSettings

# Constant statement texts with array parameters (a VALUES list per row was new SQL for
# every batch size). `INSERT ... SELECT FROM unnest` takes the rows in array order, so
# sorted keys are locked in sorted order; the no-op upserts create missing rows and lock
# the row either way.
_LOCK_TEAMS = text("""
INSERT INTO assignment_teams (team_key) SELECT * FROM unnest(CAST(:keys AS text[]))
ON CONFLICT (team_key) DO UPDATE SET team_key = excluded.team_key
RETURNING team_key, scores""")
_LOCK_COUNTS = text("""
WITH counts AS (
  INSERT INTO rep_daily_assignments (user_id, day, assigned)
  SELECT u, CAST(:day AS date), 0 FROM unnest(CAST(:ids AS text[])) AS u
  ON CONFLICT (user_id, day) DO UPDATE SET assigned = rep_daily_assignments.assigned
  RETURNING user_id, assigned)
SELECT c.user_id, c.assigned, s.user_id AS configured, s.capacity, s.daily_cap, s.away,
       s.away_until
  FROM counts c LEFT JOIN rep_settings s ON s.user_id = c.user_id""")
_SAVE_TURNS = text("""
WITH teams AS (
  UPDATE assignment_teams t SET scores = v.scores, updated_at = now()
    FROM unnest(CAST(:keys AS text[]), CAST(:scores AS jsonb[])) AS v(key, scores)
   WHERE t.team_key = v.key
  RETURNING 1),
counts AS (
  UPDATE rep_daily_assignments r SET assigned = v.n
    FROM unnest(CAST(:ids AS text[]), CAST(:ns AS int[])) AS v(user_id, n)
   WHERE r.user_id = v.user_id AND r.day = CAST(:day AS date)
  RETURNING 1)
SELECT (SELECT count(*) FROM teams), (SELECT count(*) FROM counts)""")


async def lock_teams(session: AsyncSession, *, team_keys: Collection[str]
                     ) -> dict[str, dict[str, int]]:
    """Several teams' scores, their rows locked until commit, in sorted key order: every
    transaction that locks more than one team takes them in this one order, so two of
    them never wait on each other crosswise."""
    keys = sorted(set(team_keys))
    if not keys:
        return {}
    found = await session.execute(_LOCK_TEAMS, {"keys": keys})
    return {key: {user: int(score) for user, score in _json(scores).items()}
            for key, scores in found}


async def lock_counts(session: AsyncSession, *, user_ids: Collection[str], day: date
                      ) -> tuple[dict[str, int], dict[str, RepSettings]]:
    """Today's counts of these reps, their rows locked until commit (created at 0 when
    missing), in sorted order like `lock_teams`, and the settings of those configured
    (one round trip). While held, nobody else can take a slot of these reps, so picks
    made in memory against these counts are exact."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}, {}
    counts: dict[str, int] = {}
    settings: dict[str, RepSettings] = {}
    for row in await session.execute(_LOCK_COUNTS, {"ids": ids, "day": day}):
        counts[row.user_id] = row.assigned
        if row.configured is not None:
            settings[row.user_id] = RepSettings(row.user_id, row.capacity, row.daily_cap,
                                                row.away, row.away_until)
    return counts, settings


async def save_turns(session: AsyncSession, *, scores: dict[str, dict[str, int]],
                     counts: dict[str, int], day: date) -> None:
    """Writes teams' scores and reps' counts taken under `lock_teams`/`lock_counts`."""
    if not scores and not counts:
        return
    await session.execute(_SAVE_TURNS, {
        "keys": list(scores), "scores": [json.dumps(team) for team in scores.values()],
        "ids": list(counts), "ns": list(counts.values()), "day": day})


def _json(value: object) -> dict[str, int]:
    # A text() statement returns jsonb as the driver decodes it (a dict here; a str
    # should a connection lack SQLAlchemy's codec).
    return json.loads(value) if isinstance(value, str) else value  # type: ignore[return-value]


async def settings_of(session: AsyncSession, *, user_ids: Collection[str]
                      ) -> dict[str, RepSettings]:
    rows = await session.execute(
        select(rep_settings.c.user_id, rep_settings.c.capacity, rep_settings.c.daily_cap,
               rep_settings.c.away, rep_settings.c.away_until)
        .where(rep_settings.c.user_id.in_(list(user_ids))))
    return {row.user_id: RepSettings(*row) for row in rows}


async def save_settings(session: AsyncSession, *, user_id: str, by: str,
                        **values: object) -> None:
    """Upserts the given columns only (capacity/daily_cap, or away/away_until)."""
    stmt = insert(rep_settings).values(user_id=user_id, updated_by=by, **values)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=["user_id"],
        set_={**values, "updated_by": by, "updated_at": func.now()}))


async def counts_on(session: AsyncSession, *, user_ids: Collection[str], day: date
                    ) -> dict[str, int]:
    rows = await session.execute(
        select(rep_daily_assignments.c.user_id, rep_daily_assignments.c.assigned)
        .where(rep_daily_assignments.c.user_id.in_(list(user_ids)),
               rep_daily_assignments.c.day == day))
    return {row.user_id: row.assigned for row in rows}


async def take_slot(session: AsyncSession, *, user_id: str, day: date, cap: int | None
                    ) -> int | None:
    """Counts one more lead for the rep today, unless that would pass their cap (then
    None). Check and increment are one statement: concurrent teams cannot both win."""
    stmt = insert(rep_daily_assignments).values(user_id=user_id, day=day, assigned=1)
    table = rep_daily_assignments
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id", "day"], set_={"assigned": table.c.assigned + 1},
        where=None if cap is None else table.c.assigned < cap)
    done = await session.execute(stmt.returning(table.c.assigned))
    return done.scalar_one_or_none()


async def add_rejection(session: AsyncSession, *, lead_id: str, user_id: str, reason: str,
                        at: datetime) -> None:
    await session.execute(insert(lead_rejections).values(
        lead_id=uuid.UUID(lead_id), user_id=user_id, reason=reason, rejected_at=at)
        .on_conflict_do_nothing())


async def rejected_by(session: AsyncSession, *, lead_id: str) -> set[str]:
    rows = await session.execute(select(lead_rejections.c.user_id)
                                 .where(lead_rejections.c.lead_id == uuid.UUID(lead_id)))
    return set(rows.scalars())
