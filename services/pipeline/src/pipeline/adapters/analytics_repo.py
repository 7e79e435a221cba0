"""Set-based queries behind the management numbers: one statement per answer, scoped
like lists (servicekit.db.scope_clause on the deal's owner and region).

Stage positions come from `array_position` over the stage order, so "reached" and
"forward" are integer comparisons inside PostgreSQL; nothing is looped over in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from servicekit.db import scope_clause
from servicekit.scope import Scope
from sqlalchemy import ColumnElement, and_, cast, func, literal, select, text, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from pipeline.adapters.field_orm import visits
from pipeline.adapters.orm import opportunities as o
from pipeline.adapters.orm import stage_changes as sc
from pipeline.domain import stages

PATH = (*stages.ORDER, stages.WON)   # positions 1..7; `lost` has none
DAY = 86400.0
WON_CYCLE = "lead_to_won"
# Asia/Shanghai has kept UTC+8 all year since 1991: a fixed offset is exact and spares a
# time-zone lookup per row.
SHANGHAI_OFFSET = text("interval '8 hours'")


@dataclass(frozen=True)
class Slice:
    scope: Scope
    start: datetime
    end: datetime
    region_id: str = ""
    owner_id: str = ""


def _pos(column: Any) -> ColumnElement[int]:
    return func.array_position(cast(literal(list(PATH)), ARRAY(Text)), column)


def _deals(s: Slice) -> ColumnElement[bool]:
    clauses = [scope_clause(s.scope, owner=o.c.owner_id, region=o.c.region_id)]
    if s.region_id:
        clauses.append(o.c.region_id == s.region_id)
    if s.owner_id:
        clauses.append(o.c.owner_id == s.owner_id)
    return and_(*clauses)


async def funnel(session: AsyncSession, s: Slice) -> dict[str, int]:
    """Deals opened in the period: how many reached each stage, how many sit in each now."""
    deals = select(o.c.id, o.c.stage, o.c.status, o.c.amount_fen).where(
        _deals(s), o.c.created_at >= s.start, o.c.created_at < s.end).cte("deals")
    # Every deal starts in 线索 (position 1); a lost one reached what its history shows.
    seen = union_all(select(deals.c.id, deals.c.stage),
                     select(sc.c.opportunity_id, sc.c.to_stage)
                     .join(deals, deals.c.id == sc.c.opportunity_id)).subquery("seen")
    reach = select(seen.c.id, func.coalesce(func.max(_pos(seen.c.stage)), 1).label(
        "furthest")).group_by(seen.c.id).subquery("reach")
    counts = [func.count().filter(reach.c.furthest >= i + 1).label(f"reached_{code}")
              for i, code in enumerate(PATH)]
    here = {code: and_(deals.c.status == stages.OPEN, deals.c.stage == code)
            for code in stages.ORDER}
    current = [func.count().filter(cond).label(f"current_{code}") for code, cond in here.items()]
    # Sums as the deal list's export adds its 金额 column up: the deals' amount_fen now.
    worth = [_fen(deals.c.amount_fen, cond).label(f"current_amount_{code}")
             for code, cond in here.items()]
    query = select(
        func.count().label("total"),
        func.count().filter(deals.c.status == stages.WON).label("won"),
        func.count().filter(deals.c.status == stages.LOST).label("lost"),
        _fen(deals.c.amount_fen).label("total_amount"),
        _fen(deals.c.amount_fen, deals.c.status == stages.WON).label("won_amount"),
        _fen(deals.c.amount_fen, deals.c.status == stages.LOST).label("lost_amount"),
        _fen(deals.c.amount_fen, deals.c.status == stages.OPEN).label("open_amount"),
        *counts, *current, *worth).select_from(deals.join(reach, reach.c.id == deals.c.id))
    return (await session.execute(query)).one()._asdict()


def _fen(amount: Any, where: Any = None) -> ColumnElement[int]:
    total = func.sum(amount) if where is None else func.sum(amount).filter(where)
    return func.coalesce(total, 0)


def _days(interval: Any) -> ColumnElement[float]:
    return func.extract("epoch", interval) / DAY


def _stats(days: Any) -> list[Any]:
    return [func.count().label("count"), func.avg(days).label("avg"),
            func.percentile_cont(0.5).within_group(days).label("median"),
            func.percentile_cont(0.9).within_group(days).label("p90")]


async def cycle_times(session: AsyncSession, s: Slice) -> dict[str, dict[str, Any]]:
    """In one round trip, by stage code: `lead_to_won`, opened → won for deals won in the
    period; each stage, the stays that ended in the period (the previous move, or the
    deal's opening, to the move out)."""
    won = select(literal(WON_CYCLE).label("stage"),
                 *_stats(_days(sc.c.at - o.c.created_at))).select_from(
        sc.join(o, o.c.id == sc.c.opportunity_id)).where(
        _deals(s), sc.c.to_stage == stages.WON, sc.c.at >= s.start, sc.c.at < s.end)
    entered = func.coalesce(func.lag(sc.c.at).over(
        partition_by=sc.c.opportunity_id, order_by=(sc.c.at, sc.c.id)), o.c.created_at)
    stays = select(sc.c.from_stage.label("stage"), sc.c.at.label("left_at"),
                   (sc.c.at - entered).label("spent")).select_from(
        sc.join(o, o.c.id == sc.c.opportunity_id)).where(_deals(s)).subquery("stays")
    per_stage = select(stays.c.stage, *_stats(_days(stays.c.spent))).where(
        stays.c.left_at >= s.start, stays.c.left_at < s.end).group_by(stays.c.stage)
    rows = await session.execute(union_all(won, per_stage))
    return {r.stage: r._asdict() for r in rows}


async def lost_reasons(session: AsyncSession, s: Slice) -> list[dict[str, Any]]:
    """Deals lost in the period (a lost deal's stage_entered_at is when it was lost)."""
    query = select(o.c.lost_reason.label("reason"), func.count().label("count"),
                   func.coalesce(func.sum(o.c.amount_fen), 0).label("amount_fen")).where(
        _deals(s), o.c.status == stages.LOST, o.c.stage_entered_at >= s.start,
        o.c.stage_entered_at < s.end).group_by(o.c.lost_reason).order_by(
        func.count().desc(), o.c.lost_reason)
    return [r._asdict() for r in await session.execute(query)]


def _week(at: Any) -> ColumnElement[Any]:
    # Monday 00:00 of the ISO week in Shanghai; named (2026-W07) only once grouped.
    return func.date_trunc("week", func.timezone("UTC", at) + SHANGHAI_OFFSET)


def _done_by(s: Slice, who: Any) -> ColumnElement[bool]:
    """Visits, reports and stage moves count for whoever made them, not for the deal's
    owner now: a leaver's handed-over deals kept crediting their work to the successor,
    and the leaver's row vanished. A rep sees their own work, on whichever deal it was."""
    clauses = [who == s.scope.owner_id if s.scope.owner_id is not None else
               scope_clause(s.scope, owner=o.c.owner_id, region=o.c.region_id)]
    if s.region_id:
        clauses.append(o.c.region_id == s.region_id)
    if s.owner_id:
        clauses.append(who == s.owner_id)
    return and_(*clauses)


async def rep_weeks(session: AsyncSession, s: Slice) -> list[tuple[str, str, str, int, int, int]]:
    """(person id, username, ISO week, visits, reports, forward moves) per person and ISO
    week (Asia/Shanghai): visits they checked in and reports they filed (visits.rep_id),
    and forward stage moves (won included) they made (stage_changes.by_user_id; username
    "" when the person has no visit in the answer)."""
    def on_deals(at: Any, kind: str, source: Any, who: Any, name: Any, where: Any,
                 *extra: Any) -> Any:
        return select(who.label("owner_id"), name.label("owner_username"),
                      _week(at).label("week"), literal(kind).label("kind")).select_from(
            source).where(where, at >= s.start, at < s.end, *extra)

    with_visits = visits.join(o, o.c.id == visits.c.opportunity_id)
    by_rep = (visits.c.rep_id, visits.c.rep_username, _done_by(s, visits.c.rep_id))
    events = union_all(
        on_deals(visits.c.checked_in_at, "visit", with_visits, *by_rep),
        on_deals(visits.c.reported_at, "report", with_visits, *by_rep),
        # A stage move is whoever made it (the history row's actor): a leaver's past
        # advances stay theirs after the handover. The row carries no username: the
        # person's visits name them, else the gateway does (it owns the directory).
        on_deals(sc.c.at, "advance", sc.join(o, o.c.id == sc.c.opportunity_id),
                 sc.c.by_user_id, literal(""), _done_by(s, sc.c.by_user_id),
                 _pos(sc.c.to_stage) > _pos(sc.c.from_stage)),
    ).subquery("events")
    query = select(
        # The name across all the person's weeks: a week of stage moves only has none.
        events.c.owner_id, func.max(func.max(events.c.owner_username)).over(
            partition_by=events.c.owner_id).label("owner_username"),
        events.c.week, *(func.count().filter(events.c.kind == k).label(f"{k}s")
                         for k in ("visit", "report", "advance"))
    ).group_by(events.c.owner_id, events.c.week).order_by(events.c.owner_id, events.c.week)
    # Plain tuples: ~1,000 rows, where Row._asdict() alone cost ~10 ms.
    names: dict[Any, str] = {}
    rows = []
    for owner_id, username, week_start, visit_count, reports, advances in (
            await session.execute(query)):
        if week_start not in names:
            year, week, _ = week_start.isocalendar()
            names[week_start] = f"{year}-W{week:02d}"
        rows.append((owner_id, username, names[week_start], visit_count, reports, advances))
    return rows


__all__ = ["Slice", "cycle_times", "funnel", "lost_reasons", "rep_weeks"]
