"""An experiment's results per metric, from the fact log over the experiment's window.

Per rep of each arm: signed amount (sum of won fen), process score (the KPI score without
signed amount), retention (still active in the directory and with a recorded activity in
the window's last 30 days); per arm: conversion (the share of deals opened in the window
that were won in it) and satisfaction (every survey score).
"""

from __future__ import annotations

from datetime import timedelta

from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied
from servicekit.uow import UnitOfWork

from incentives.adapters import experiment_repo, fact_repo, kpi_repo
from incentives.domain import facts as f
from incentives.domain import scoring, stats
from incentives.domain.periods import Period
from incentives.service_layer.deps import SOURCE, Deps
from incentives.service_layer.experiments import RUNNERS, reply
from incentives.service_layer.payouts import process_only
from incentives.service_layer.scores import bounds

METRICS = (("retention", "留存率", "名销售"), ("signed_amount", "人均签约额（分）", "名销售"),
           ("conversion", "商机转化率", "个商机"), ("process_score", "过程得分", "名销售"),
           ("satisfaction", "客户满意度", "份问卷"))


async def results(experiment_id: str, principal: Principal, deps: Deps) -> pb.ExperimentResults:
    if principal.role not in RUNNERS | {"finance", "manager", "service"}:
        raise PermissionDenied("无权查看薪酬实验")
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        exp = await experiment_repo.get(uow.session, experiment_id)
        if exp is None:
            raise NotFound("实验不存在")
        window = Period(exp.name, exp.starts_on, exp.ends_on + timedelta(days=1))
        start, end = bounds(window)
        reps = {r: u.arm for u in exp.units for r in u.rep_ids}
        found = await fact_repo.between(uow.session, start, end, user_ids=list(reps))
        await kpi_repo.ensure_default(uow.session, deps.clock())
        version = await kpi_repo.in_force(uow.session, exp.starts_on)
        await uow.commit()
    active = {m.id for m in await deps.org.reps()}
    kpis = tuple(k for k in version.kpis if k.role == "rep")
    scored = scoring.score_all(found, kpis, window, reps, as_of=deps.clock())
    arms: dict[str, dict[str, list[float]]] = {a: {m: [] for m, _, _ in METRICS} for a in "AB"}
    counts = {a: {"opened": 0, "won": 0} for a in "AB"}
    recent = end - timedelta(days=30)
    for rep_id, arm in reps.items():
        mine = [x for x in found if x.user_id == rep_id]
        arms[arm]["signed_amount"].append(sum(x.value for x in mine if x.kind == f.DEAL_WON))
        arms[arm]["process_score"].append(process_only(scored[rep_id]) / 100)
        arms[arm]["retention"].append(float(rep_id in active and
                                            any(x.occurred_at >= recent for x in mine)))
        arms[arm]["satisfaction"] += [x.value for x in mine if x.kind == f.SURVEY_ANSWERED]
        opened = {x.subject_id for x in mine if x.kind == f.OPPORTUNITY_OPENED}
        counts[arm]["opened"] += len(opened)
        counts[arm]["won"] += len(opened & {x.subject_id for x in mine if x.kind == f.DEAL_WON})
    metrics = []
    for metric, label, unit in METRICS:
        if metric == "retention":
            a, b = arms["A"][metric], arms["B"][metric]
            c = stats.two_proportions(int(sum(a)), len(a), int(sum(b)), len(b))
        elif metric == "conversion":
            ca, cb = counts["A"], counts["B"]
            c = stats.two_proportions(ca["won"], ca["opened"], cb["won"], cb["opened"])
        else:
            c = stats.welch(arms["A"][metric], arms["B"][metric])
        metrics.append(pb.MetricResult(
            metric=metric, label=label, arm_a=c.arm_a, arm_b=c.arm_b, difference=c.difference,
            ci_low=c.ci_low, ci_high=c.ci_high, p_value=c.p_value, test=c.test,
            verdict=stats.verdict(c, label, unit), n_a=c.n_a, n_b=c.n_b,
            sufficient=c.sufficient))
    return pb.ExperimentResults(experiment=reply(exp, deps), metrics=metrics)
