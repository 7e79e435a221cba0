"""Set-based queries behind the management numbers: one statement per answer, scoped
like lists (servicekit.db.scope_clause on the deal's owner and region). Rep activity,
counted for whoever did the work rather than the deal's owner, is rep_activity_repo.py.

Stage positions come from `array_position` over the stage order, so "reached" and
"forward" are integer comparisons inside PostgreSQL; nothing is looped over in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from servicekit.db import scope_clause
from servicekit.scope import Scope
from sqlalchemy import ColumnElement, and_, cast, func, literal, select, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from pipeline.adapters.orm import opportunities as o
from pipeline.adapters.orm import stage_changes as sc
from pipeline.domain import stages

PATH = (*stages.ORDER, stages.WON)   # positions 1..7; `lost` has none
DAY = 86400.0
WON_CYCLE = "lead_to_won"


@dataclass(frozen=True)
class Slice:
    scope: Scope
    start: datetime
    end: datetime
    region_id: str = ""
    owner_id: str = ""


def stage_position(column: Any) -> ColumnElement[int]:
    """1 for 线索 … 7 for won, NULL for lost: "reached" and "forward" compare these."""
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
    reach = select(seen.c.id, func.coalesce(func.max(stage_position(seen.c.stage)), 1).label(
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


__all__ = ["Slice", "cycle_times", "funnel", "lost_reasons", "stage_position"]
