"""Payout statements per rep per period: scheme A commission, a share of the scheme-B pool,
or both. A rep is on scheme B on the days an experiment's B arm holds them, on scheme A
(the company's default) on every other day; a period a trial starts or ends in is cut
there, each part under its own scheme (`domain/scheme_days.py`). Both schemes count
within the month (`domain/payouts.py`), so the signings read go back to the first of the
period's first month."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from incentives.adapters import experiment_repo, fact_repo, scheme_repo
from incentives.adapters.org import Member
from incentives.domain import kpis as k
from incentives.domain import month_to_date, periods, scheme_days, scoring
from incentives.domain.facts import DEAL_WON
from incentives.service_layer import scores
from incentives.service_layer.deps import SOURCE, Deps
from incentives.service_layer.earnings import SEE_ALL, refuse_admins
from incentives.service_layer.pages import page
from incentives.service_layer.statement_rows import Statements


def process_only(rep: scoring.RepScore) -> int:
    """Process points: the score without the signed-amount KPI, × 100 (an integer)."""
    earned = sum(r.kpi.weight_pct * r.attainment for r in rep.kpis
                 if r.has_data and r.kpi.id != k.SIGNED_AMOUNT)
    weights = sum(r.kpi.weight_pct for r in rep.kpis
                  if r.has_data and r.kpi.id != k.SIGNED_AMOUNT)
    return int(scoring.two_places(100 * earned / weights) * 100) if weights else 0


async def statements(period: periods.Period, everyone: list[Member], deps: Deps, *,
                     only: set[str] | None = None) -> list[pb.Payout]:
    """Every rep's statement, or those of the reps in `only`: scored are they and every
    rep of the scheme-B pool (their shares depend on each other's points), not the whole
    sales force for one rep's own row (~1 s a view at a year of facts). `everyone`: the
    reps, as the caller read them once; one who has left has a statement for a period
    they signed in (they are owed its commission), else none."""
    month_first = month_to_date.first_needed(period).first
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        # One snapshot for the schemes, the trials, the signings and the scores: read in
        # separate transactions, a deal won in between counted in `signed_fen` and the
        # commission but not in the process score (or the pool, not its points).
        await uow.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        scheme_a, scheme_b = await scheme_repo.load(uow.session)
        trials = await experiment_repo.meeting(uow.session, month_first,
                                               period.end - timedelta(days=1))
        windows = b_windows(trials)
        sharing = {uid for uid, spans in windows.items()
                   if any(first < period.end and last >= period.first for first, last in spans)}
        asked = [m for m in everyone if only is None or m.id in only or m.id in sharing]
        # the pool's month to date counts every rep on B since the 1st, not only these
        signed = await signed_days(uow.session, period, {m.id for m in asked} | set(windows))
        needed = [m for m in asked if m.active
                  or any(period.contains(day) for day, _ in signed[m.id])]
        scored, _ = await scores.compute_in(uow.session, period, needed, deps)
        await uow.commit()
    points = {m.id: process_only(scored[m.id]) for m in needed if m.id in sharing}
    build = Statements(period, scheme_a, scheme_b, windows, signed, points)
    return [build.row(m, scored[m.id]) for m in needed if only is None or m.id in only]


def b_windows(trials: list[experiment_repo.Stored]) -> dict[str, list[scheme_days.Window]]:
    """Per rep, the days a trial's B arm holds them."""
    found: dict[str, list[scheme_days.Window]] = defaultdict(list)
    for trial in trials:
        for unit in trial.units:
            if unit.arm == "B":
                for rid in unit.rep_ids:
                    found[rid].append((trial.starts_on, trial.ends_on))
    return dict(found)


async def signed_days(session: AsyncSession, period: periods.Period,
                      user_ids: set[str]) -> dict[str, scheme_days.Signings]:
    """Each rep's signings (local day, fen) from the first of the period's first month."""
    start, _ = scores.bounds(month_to_date.first_needed(period))
    _, end = scores.bounds(period)
    won = await fact_repo.between(session, start, end, user_ids=user_ids, kinds=[DEAL_WON])
    found: dict[str, scheme_days.Signings] = {uid: [] for uid in user_ids}
    for fact in won:
        found[fact.user_id].append((periods.local_day(fact.occurred_at), fact.value))
    return found


async def list_payouts(request: pb.ListPayoutsRequest, principal: Principal,
                       deps: Deps) -> pb.ListPayoutsResponse:
    refuse_admins(principal)
    period = periods.parse(request.period or periods.month_of(
        periods.local_day(deps.clock())).code)
    # One roster for the scope and the statements: read twice, a directory change (or
    # the cache expiring) in between could scope by one list and pay by another.
    # Leavers too: a rep deactivated mid-month is still owed what they signed in it.
    everyone = [m for m in await deps.org.people() if m.role == "rep"]
    only = None
    if principal.role not in SEE_ALL:
        only = {m.id for m in scores.in_scope(principal, everyone)}
    rows = await statements(period, everyone, deps, only=only)
    chunk, cursor = page(rows, token=request.page_token, size=request.page_size)
    return pb.ListPayoutsResponse(payouts=chunk, next_page_token=cursor)
