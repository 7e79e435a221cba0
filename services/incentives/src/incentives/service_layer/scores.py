"""Scores per rep, team and region for a week or month, computed from the fact log with
the KPI version in force on the period's first day, for the active reps and the leavers
who signed a deal in the period (like the payouts). Scoped like every list: a rep sees
their own, a manager their regions, director/admin everything — and finance everything,
who pays by them."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied
from servicekit.protos import timestamp as ts
from servicekit.scope import can_read, scope_for
from servicekit.uow import UnitOfWork
from servicekit.workcal.loader import report_fallbacks
from sqlalchemy.ext.asyncio import AsyncSession

from incentives.adapters import fact_repo, kpi_repo
from incentives.adapters.org import Member
from incentives.domain import facts as f
from incentives.domain import periods, scoring
from incentives.domain.errors import InvalidField
from incentives.service_layer.deps import SOURCE, Deps
from incentives.service_layer.pages import page

LEVELS = ("rep", "team", "region")


def bounds(period: periods.Period) -> tuple[datetime, datetime]:
    tz = periods.SHANGHAI
    return (datetime.combine(period.first, time(), tz), datetime.combine(period.end, time(), tz))


async def compute(period: periods.Period, reps: list[Member], deps: Deps
                  ) -> tuple[dict[str, scoring.RepScore], int]:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        result = await compute_in(uow.session, period, reps, deps)
        await uow.commit()
    return result


async def compute_in(session: AsyncSession, period: periods.Period, reps: list[Member],
                     deps: Deps) -> tuple[dict[str, scoring.RepScore], int]:
    """`compute` within the caller's transaction (a payout statement reads its signings
    and its scores from one snapshot)."""
    start, end = bounds(period)
    ids = [m.id for m in reps]
    await kpi_repo.ensure_default(session, deps.clock())
    version = await kpi_repo.in_force(session, period.first)
    found = await fact_repo.between(session, start, end, user_ids=ids)
    # A needs record saved before the period still counts for entering design in it.
    found += await fact_repo.between(session, start - timedelta(days=366), start,
                                     user_ids=ids, kinds=[f.NEEDS_COMPLETE])
    # Deals that entered 初访 shortly before the period may miss their report in it;
    # a report filed after the period still means the deal was reported.
    found += await fact_repo.between(session, start - timedelta(days=30), start,
                                     user_ids=ids, kinds=[f.FIRST_VISIT_ENTERED])
    found += await fact_repo.between(session, end, max(end, deps.clock()),
                                     user_ids=ids, kinds=[f.VISIT_REPORT])
    kpis = tuple(x for x in version.kpis if x.role == "rep")
    # Report deadlines run on working days: from 30 days before the period to a few weeks
    # after it (a long holiday pushes a December deadline into January).
    calendar = await deps.calendar.load(session, (start - timedelta(days=30)).year,
                                        (end + timedelta(days=30)).year)
    scored = scoring.score_all(found, kpis, period, ids, as_of=deps.clock(), calendar=calendar)
    report_fallbacks(calendar, subject="first-visit report")
    return scored, version.version


def kpi_scores(rep: scoring.RepScore) -> list[pb.KpiScore]:
    return [pb.KpiScore(kpi_id=r.kpi.id, label=r.kpi.label, weight_pct=r.kpi.weight_pct,
                        has_data=r.has_data, value=float(r.value),
                        attainment=round(float(r.attainment), 4), count=r.count,
                        points=round(float(r.kpi.weight_pct * r.attainment), 4),
                        unit=r.kpi.unit, value_fen=int(r.value) if r.kpi.unit == "fen" else 0)
            for r in rep.kpis]


def in_scope(principal: Principal, reps: list[Member]) -> list[Member]:
    if principal.role == "finance":
        # Finance pays by these scores (scheme B's points, each statement's process
        # score): the shared scope rule gives finance no records, and the screen was empty.
        return reps
    scope = scope_for(role=principal.role, user_id=principal.user_id,
                      region_ids=principal.region_ids)
    return [m for m in reps if can_read(scope, owner_id=m.id, region_id=m.region_id)]


async def visible_reps(principal: Principal, period: periods.Period,
                       deps: Deps) -> list[Member]:
    """The active reps, and those who have left but signed a deal in the period: they
    have its payout statement (payouts.py), whose process score finance checks here."""
    reps = [m for m in await deps.org.people() if m.role == "rep"]
    if leavers := [m.id for m in reps if not m.active]:
        start, end = bounds(period)
        async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
            won = await fact_repo.between(uow.session, start, end, user_ids=leavers,
                                          kinds=[f.DEAL_WON])
            await uow.commit()
        signed = {x.user_id for x in won}
        reps = [m for m in reps if m.active or m.id in signed]
    return in_scope(principal, reps)


async def list_scores(request: pb.ListScoresRequest, principal: Principal,
                      deps: Deps) -> pb.ListScoresResponse:
    level = request.level or "rep"
    if level not in LEVELS:
        raise InvalidField("level", "level 只能是 rep、team 或 region")
    if level != "rep" and principal.role == "rep":
        # A rep's scope is their own score: their "team" or "region" row was that score
        # under the region's name (members 1), read as the region's.
        raise PermissionDenied("销售只能查看本人得分；团队和区域得分请由经理或总监查看")
    period = periods.parse(request.period or periods.week_of(
        periods.local_day(deps.clock())).code)
    reps = await visible_reps(principal, period, deps)
    scored, version = await compute(period, reps, deps)
    names = {m.id: m.display_name or m.username for m in await deps.org.people()}
    if level == "rep":
        rows = [pb.Score(level="rep", unit_id=m.id, label=names.get(m.id, m.id),
                         period=period.code, score=float(scored[m.id].score),
                         kpis=kpi_scores(scored[m.id]), members=1, region_id=m.region_id)
                for m in reps]
    else:
        groups: dict[tuple[str, str], list[Member]] = defaultdict(list)
        for m in reps:
            groups[(m.team_id if level == "team" else m.region_id, m.region_id)].append(m)
        regions = await deps.org.region_names() if level == "region" else {}
        rows = [pb.Score(level=level, unit_id=unit, period=period.code,
                         label=(f"{names.get(unit, unit)}团队" if level == "team"
                                else regions.get(unit, unit)),
                         score=float(scoring.mean_score(scored[m.id].score for m in members)),
                         members=len(members), region_id=region)
                for (unit, region), members in sorted(groups.items())]
    rows.sort(key=lambda s: (-s.score, s.unit_id))
    chunk, cursor = page(rows, token=request.page_token, size=request.page_size)
    return pb.ListScoresResponse(scores=chunk, next_page_token=cursor, kpi_version=version)


async def breakdown(user_id: str, period_code: str, principal: Principal,
                    deps: Deps) -> pb.Breakdown:
    period = periods.parse(period_code or periods.week_of(
        periods.local_day(deps.clock())).code)
    member = next((m for m in await visible_reps(principal, period, deps)
                   if m.id == user_id), None)
    if member is None:
        raise NotFound("没有这位销售的得分")
    scored, version = await compute(period, [member], deps)
    rep = scored[user_id]
    return pb.Breakdown(
        kpi_version=version,
        score=pb.Score(level="rep", unit_id=user_id, label=member.display_name or
                       member.username, period=period.code, score=float(rep.score),
                       kpis=kpi_scores(rep), members=1, region_id=member.region_id),
        contributions=[pb.Contribution(
            event_id=j.fact.event_id, event_type=j.fact.event_type, kpi_id=j.kpi_id,
            subject_id=j.fact.subject_id, occurred_at=ts(j.fact.occurred_at), ok=j.ok,
            value=j.fact.value, note=f"{f.LABELS.get(j.fact.kind, j.fact.kind)}"
            f"{'' if j.ok else '（未达标）'}") for j in rep.judged])
