"""Rep activity behind the management numbers: visits checked in, reports filed and forward
stage moves per person and ISO week (Asia/Shanghai), in one statement. Counted for whoever
did the work, not the deal's owner now; the deal-scoped numbers are analytics_repo.py."""

from __future__ import annotations

from typing import Any

from servicekit.db import scope_clause
from sqlalchemy import ColumnElement, and_, func, literal, or_, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.analytics_repo import Slice, stage_position
from pipeline.adapters.field_orm import visits
from pipeline.adapters.orm import opportunities as o
from pipeline.adapters.orm import stage_changes as sc

# Asia/Shanghai has kept UTC+8 all year since 1991: a fixed offset is exact and spares a
# time-zone lookup per row.
SHANGHAI_OFFSET = text("interval '8 hours'")


def _week(at: Any) -> ColumnElement[Any]:
    # Monday 00:00 of the ISO week in Shanghai; named (2026-W07) only once grouped.
    return func.date_trunc("week", func.timezone("UTC", at) + SHANGHAI_OFFSET)


def _done_by(s: Slice, who: Any) -> ColumnElement[bool]:
    """Visits, reports and stage moves count for whoever made them, not for the deal's
    owner now: a leaver's handed-over deals kept crediting their work to the successor,
    and the leaver's row vanished. A rep sees their own work, on whichever deal it was; a
    manager the work on the deals he sees and his people's work wherever it was done (a
    deal since handed to someone else's rep included)."""
    seen = scope_clause(s.scope, owner=o.c.owner_id, region=o.c.region_id)
    clauses = [who == s.scope.owner_id if s.scope.owner_id is not None else
               or_(seen, who.in_(s.scope.owner_ids)) if s.scope.owner_ids else seen]
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
                 stage_position(sc.c.to_stage) > stage_position(sc.c.from_stage)),
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
