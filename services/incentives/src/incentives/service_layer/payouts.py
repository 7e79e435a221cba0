"""Payout statements per rep per period: scheme A commission or a share of the scheme-B
pool. A rep is on scheme B for a period when an experiment's B arm holds them on the
period's first day (a week: its Monday, also for its days in the next month); everyone
else is on scheme A (the company's default). Both schemes count a week within its month
(`domain/payouts.py`), so the signings read go back to the first of the week's month."""

from __future__ import annotations

from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from incentives.adapters import experiment_repo, fact_repo, scheme_repo
from incentives.adapters.org import Member
from incentives.domain import kpis as k
from incentives.domain import month_to_date, payouts, periods, scoring
from incentives.domain.facts import DEAL_WON
from incentives.service_layer import scores
from incentives.service_layer.deps import SOURCE, Deps
from incentives.service_layer.earnings import SEE_ALL, refuse_admins
from incentives.service_layer.pages import page


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
    active reps, as the caller read them once."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        # One snapshot for the schemes, the trials, the signings and the scores: read in
        # separate transactions, a deal won in between counted in `signed_fen` and the
        # commission but not in the process score (or the pool, not its points).
        await uow.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        scheme_a, scheme_b = await scheme_repo.load(uow.session)
        running = await experiment_repo.meeting(uow.session, period.first, period.first)
        on_b = {rid for e in running for u in e.units if u.arm == "B" for rid in u.rep_ids}
        needed = [m for m in everyone if only is None or m.id in only or m.id in on_b]
        scored, _ = await scores.compute_in(uow.session, period, needed, deps)
        parts = await signed_parts(uow.session, period, [m.id for m in needed])
        await uow.commit()
    signed = {uid: sum(p.signed_fen for p in rep_parts) for uid, rep_parts in parts.items()}
    points = {m.id: process_only(scored[m.id]) for m in needed if m.id in on_b}
    pool = payouts.pool_fen(month_to_date.total(parts[uid] for uid in points), scheme_b)
    shares = payouts.share_pool(pool, points)
    week = period.kind == "week"
    reps = [m for m in needed if only is None or m.id in only]
    result = []
    for m in reps:
        row = pb.Payout(user_id=m.id, display_name=m.display_name or m.username,
                        region_id=m.region_id, period=period.code,
                        signed_fen=signed[m.id], process_score=float(scored[m.id].score))
        if m.id in on_b:
            row.scheme, row.points, row.amount_fen = "B", points[m.id], shares[m.id]
            row.rounding = payouts.RULE_B_WEEK if week else payouts.RULE_B
            row.lines.append(pb.PayoutLine(label=f"奖金池 {pool / 100:,.2f} 元按积分分配",
                                           base_fen=pool, amount_fen=shares[m.id]))
        else:
            total, lines = payouts.commission_a(parts[m.id], scheme_a, name_month=week)
            row.scheme, row.amount_fen = "A", total
            row.rounding = payouts.RULE_A_WEEK if week else payouts.RULE_A
            row.lines.extend(line_of(x) for x in lines)
        result.append(row)
    return result


async def signed_parts(session: AsyncSession, period: periods.Period,
                       user_ids: list[str]) -> dict[str, list[month_to_date.MonthPart]]:
    """Each rep's signings of the period's month parts and of their months before them."""
    start, _ = scores.bounds(month_to_date.first_needed(period))
    _, end = scores.bounds(period)
    won = await fact_repo.between(session, start, end, user_ids=user_ids, kinds=[DEAL_WON])
    return month_to_date.parts(won, period, user_ids)


def line_of(x: payouts.Line) -> pb.PayoutLine:
    return pb.PayoutLine(label=x.label, base_fen=x.base_fen, rate_bp=x.rate_bp,
                         amount_fen=x.amount_fen, month=x.month,
                         month_to_date_before_fen=x.to_date_before_fen,
                         month_to_date_after_fen=x.to_date_after_fen,
                         commission_to_date_before_fen=x.commission_before_fen,
                         commission_to_date_after_fen=x.commission_after_fen)


async def list_payouts(request: pb.ListPayoutsRequest, principal: Principal,
                       deps: Deps) -> pb.ListPayoutsResponse:
    refuse_admins(principal)
    period = periods.parse(request.period or periods.month_of(
        periods.local_day(deps.clock())).code)
    # One roster for the scope and the statements: read twice, a directory change (or
    # the cache expiring) in between could scope by one list and pay by another.
    everyone = await deps.org.reps()
    only = None
    if principal.role not in SEE_ALL:
        only = {m.id for m in scores.in_scope(principal, everyone)}
    rows = await statements(period, everyone, deps, only=only)
    chunk, cursor = page(rows, token=request.page_token, size=request.page_size)
    return pb.ListPayoutsResponse(payouts=chunk, next_page_token=cursor)
