"""Team round-robin state, rep settings, daily counts and rejections. Callers own the
transaction; `lock_team` holds the team's turn until it commits."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import Boolean, DateTime, Integer, bindparam, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.assignment_orm import (
    assignment_teams,
    lead_rejections,
    rep_daily_assignments,
    rep_settings,
)
from leads.domain.teams import RepSettings


async def lock_team(session: AsyncSession, *, team_key: str) -> dict[str, int]:
    """The team's scores, its row locked until commit. One statement: the no-op upsert
    creates the row the first time and takes the row lock either way."""
    stmt = insert(assignment_teams).values(team_key=team_key)
    stmt = stmt.on_conflict_do_update(index_elements=["team_key"],
                                      set_={"team_key": stmt.excluded.team_key})
    found = await session.execute(stmt.returning(assignment_teams.c.scores))
    return {user: int(score) for user, score in found.scalar_one().items()}


async def lock_teams(session: AsyncSession, *, team_keys: Collection[str]
                     ) -> dict[str, dict[str, int]]:
    """Several teams' scores, their rows locked until commit, in sorted key order: every
    transaction that locks more than one team takes them in this one order, so two of
    them never wait on each other crosswise."""
    keys = sorted(set(team_keys))
    if not keys:
        return {}
    stmt = insert(assignment_teams).values([{"team_key": key} for key in keys])
    stmt = stmt.on_conflict_do_update(index_elements=["team_key"],
                                      set_={"team_key": stmt.excluded.team_key})
    found = await session.execute(stmt.returning(assignment_teams.c.team_key,
                                                 assignment_teams.c.scores))
    return {key: {user: int(score) for user, score in scores.items()} for key, scores in found}


async def lock_counts(session: AsyncSession, *, user_ids: Collection[str], day: date
                      ) -> dict[str, int]:
    """Today's counts of these reps, their rows locked until commit (created at 0 when
    missing), in sorted order like `lock_teams`. While held, nobody else can take a slot
    of these reps, so picks made in memory against these counts are exact."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    table = rep_daily_assignments
    stmt = insert(table).values([{"user_id": u, "day": day, "assigned": 0} for u in ids])
    stmt = stmt.on_conflict_do_update(index_elements=["user_id", "day"],
                                      set_={"assigned": table.c.assigned})
    found = await session.execute(stmt.returning(table.c.user_id, table.c.assigned))
    return {user_id: assigned for user_id, assigned in found}


async def save_counts(session: AsyncSession, *, counts: dict[str, int], day: date) -> None:
    """Writes counts taken under `lock_counts` (one batched statement)."""
    if not counts:
        return
    table = rep_daily_assignments
    await session.execute(
        update(table).where(table.c.user_id == bindparam("u"), table.c.day == day)
        .values(assigned=bindparam("n")),
        [{"u": user_id, "n": n} for user_id, n in counts.items()])


async def save_teams(session: AsyncSession, *, scores: dict[str, dict[str, int]]) -> None:
    """Writes teams' scores taken under `lock_teams` (one batched statement)."""
    if not scores:
        return
    table = assignment_teams
    await session.execute(
        update(table).where(table.c.team_key == bindparam("k"))
        .values(scores=bindparam("s"), updated_at=func.now()),
        [{"k": key, "s": team} for key, team in scores.items()])


async def save_team(session: AsyncSession, *, team_key: str, scores: dict[str, int]) -> None:
    await session.execute(update(assignment_teams)
                          .where(assignment_teams.c.team_key == team_key)
                          .values(scores=scores, updated_at=func.now()))


async def settings_of(session: AsyncSession, *, user_ids: Collection[str]
                      ) -> dict[str, RepSettings]:
    rows = await session.execute(
        select(rep_settings.c.user_id, rep_settings.c.capacity, rep_settings.c.daily_cap,
               rep_settings.c.away, rep_settings.c.away_until)
        .where(rep_settings.c.user_id.in_(list(user_ids))))
    return {row.user_id: RepSettings(*row) for row in rows}


async def roster_state(session: AsyncSession, *, user_ids: Collection[str], day: date
                       ) -> tuple[dict[str, RepSettings], dict[str, int]]:
    """Settings and today's counts of these reps in one round trip (reps nobody
    configured have no settings row; reps with no lead today have no count row)."""
    counts = rep_daily_assignments
    ids = list(user_ids)
    query = (select(rep_settings.c.user_id, rep_settings.c.capacity, rep_settings.c.daily_cap,
                    rep_settings.c.away, rep_settings.c.away_until, literal(None, Integer))
             .where(rep_settings.c.user_id.in_(ids))
             .union_all(select(counts.c.user_id, literal(None, Integer), literal(None, Integer),
                               literal(None, Boolean), literal(None, DateTime(timezone=True)),
                               counts.c.assigned)
                        .where(counts.c.user_id.in_(ids), counts.c.day == day)))
    settings: dict[str, RepSettings] = {}
    assigned: dict[str, int] = {}
    for user_id, capacity, cap, away, until, today in await session.execute(query):
        if today is None:
            settings[user_id] = RepSettings(user_id, capacity, cap, away, until)
        else:
            assigned[user_id] = today
    return settings, assigned


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
