"""Team round-robin state, rep settings, daily counts and rejections. Callers own the
transaction; `lock_teams` holds the teams' turns until it commits."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from datetime import date, datetime

from servicekit.driver import Statement, connection
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.assignment_orm import (
    lead_rejections,
    rep_daily_assignments,
    rep_settings,
)
from leads.domain.teams import RepSettings

# Constant statement texts with array parameters (a VALUES list per row was new SQL for
# every batch size), sent on the driver connection (servicekit.driver: intake and the
# assigner lock and write turns with every batch). One statement locks a batch's teams
# and then its reps' day rows: the UNION ALL reads the teams' upsert to its end before
# it starts the reps' (an Append runs its arms in order), and `INSERT ... SELECT FROM
# unnest` takes rows in array order, so every transaction locks teams, then reps, each
# in sorted order. The no-op upserts create missing rows and lock the row either way;
# the reps' settings come along.
_LOCK_TURNS = Statement("""
WITH teams AS (
  INSERT INTO assignment_teams (team_key) SELECT * FROM unnest(CAST(:keys AS text[]))
  ON CONFLICT (team_key) DO UPDATE SET team_key = excluded.team_key
  RETURNING team_key, scores),
counts AS (
  INSERT INTO rep_daily_assignments (user_id, day, assigned)
  SELECT u, CAST(:day AS date), 0 FROM unnest(CAST(:ids AS text[])) AS u
  ON CONFLICT (user_id, day) DO UPDATE SET assigned = rep_daily_assignments.assigned
  RETURNING user_id, assigned)
SELECT team_key AS key, scores, NULL::int AS assigned, NULL::text AS configured,
       NULL::int AS capacity, NULL::int AS daily_cap, NULL::boolean AS away,
       NULL::timestamptz AS away_until
  FROM teams
UNION ALL
SELECT c.user_id, NULL::jsonb, c.assigned, s.user_id, s.capacity, s.daily_cap, s.away,
       s.away_until
  FROM counts c LEFT JOIN rep_settings s ON s.user_id = c.user_id""")
# Writing turns taken under that lock, as CTEs: intake adds them to its own insert.
SAVE_TURNS_CTES = """
saved_teams AS (
  UPDATE assignment_teams t SET scores = v.scores, updated_at = now()
    FROM unnest(CAST(:s_keys AS text[]), CAST(:s_scores AS jsonb[])) AS v(key, scores)
   WHERE t.team_key = v.key
  RETURNING 1),
saved_counts AS (
  UPDATE rep_daily_assignments r SET assigned = v.n
    FROM unnest(CAST(:s_ids AS text[]), CAST(:s_ns AS int[])) AS v(user_id, n)
   WHERE r.user_id = v.user_id AND r.day = CAST(:s_day AS date)
  RETURNING 1)"""
_SAVE_TURNS = Statement(f"WITH {SAVE_TURNS_CTES}\nSELECT (SELECT count(*) FROM saved_teams), "
                        "(SELECT count(*) FROM saved_counts)")

Scores = dict[str, dict[str, int]]


async def lock_turns(session: AsyncSession, *, team_keys: Collection[str],
                     user_ids: Collection[str], day: date
                     ) -> tuple[Scores, dict[str, int], dict[str, RepSettings]]:
    """The teams' scores and these reps' counts of the day, all their rows locked until
    commit (in the one order above, so two transactions never wait on each other
    crosswise), and the settings of the reps configured. While held, nobody else can move
    a team's turn or take a slot of these reps: picks made in memory are exact."""
    keys, ids = sorted(set(team_keys)), sorted(set(user_ids))
    scores: Scores = {}
    counts: dict[str, int] = {}
    settings: dict[str, RepSettings] = {}
    if not keys and not ids:
        return scores, counts, settings
    conn = await connection(session)
    for row in await _LOCK_TURNS.fetch(conn, {"keys": keys, "ids": ids, "day": day}):
        key = row["key"]
        if row["scores"] is not None:
            scores[key] = {user: int(n) for user, n in _json(row["scores"]).items()}
            continue
        counts[key] = row["assigned"]
        if row["configured"] is not None:
            settings[key] = RepSettings(key, row["capacity"], row["daily_cap"], row["away"],
                                        row["away_until"])
    return scores, counts, settings


def turns_params(*, scores: Scores, counts: dict[str, int], day: date | None
                 ) -> dict[str, object]:
    """The parameters of SAVE_TURNS_CTES."""
    return {"s_keys": list(scores), "s_scores": [json.dumps(team) for team in scores.values()],
            "s_ids": list(counts), "s_ns": list(counts.values()), "s_day": day}


async def save_turns(session: AsyncSession, params: dict[str, object]) -> None:
    """Writes teams' scores and reps' counts taken under `lock_turns` (`turns_params`)."""
    await _SAVE_TURNS.fetch(await connection(session), params)


def _json(value: object) -> dict[str, int]:
    # jsonb comes back as the driver decodes it (a dict with SQLAlchemy's codec on the
    # connection; a str should a connection lack it).
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
