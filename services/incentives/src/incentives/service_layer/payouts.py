"""Payout statements per rep per period: scheme A commission or a share of the scheme-B
pool. A rep is on scheme B for a period when an experiment's B arm holds them on the
period's first day; everyone else is on scheme A (the company's default)."""

from __future__ import annotations

from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.uow import UnitOfWork

from incentives.adapters import experiment_repo, scheme_repo
from incentives.adapters.org import Member
from incentives.domain import kpis as k
from incentives.domain import payouts, periods, scoring
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
        scheme_a, scheme_b = await scheme_repo.load(uow.session)
        running = await experiment_repo.meeting(uow.session, period.first, period.first)
        await uow.commit()
    on_b = {rid for e in running for u in e.units if u.arm == "B" for rid in u.rep_ids}
    needed = [m for m in everyone if only is None or m.id in only or m.id in on_b]
    scored, _ = await scores.compute(period, needed, deps)
    signed = {m.id: sum(j.fact.value for j in scored[m.id].judged if j.fact.kind == DEAL_WON)
              for m in needed}
    points = {m.id: process_only(scored[m.id]) for m in needed if m.id in on_b}
    pool = payouts.pool_fen(sum(signed[uid] for uid in points), scheme_b)
    shares = payouts.share_pool(pool, points)
    reps = [m for m in needed if only is None or m.id in only]
    result = []
    for m in reps:
        row = pb.Payout(user_id=m.id, display_name=m.display_name or m.username,
                        region_id=m.region_id, period=period.code,
                        signed_fen=signed[m.id], process_score=float(scored[m.id].score))
        if m.id in on_b:
            row.scheme, row.points, row.amount_fen = "B", points[m.id], shares[m.id]
            row.rounding = payouts.RULE_B
            row.lines.append(pb.PayoutLine(label=f"奖金池 {pool / 100:,.2f} 元按积分分配",
                                           base_fen=pool, amount_fen=shares[m.id]))
        else:
            total, lines = payouts.commission_a(signed[m.id], scheme_a)
            row.scheme, row.amount_fen, row.rounding = "A", total, payouts.RULE_A
            row.lines.extend(pb.PayoutLine(label=label, base_fen=base, rate_bp=bp,
                                           amount_fen=amount)
                             for label, base, bp, amount in lines)
        result.append(row)
    return result


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
