"""The numbers management steers by: funnel, cycle time, lost reasons, rep activity.

Each is one or two set-based statements (adapters/analytics_repo.py; rep activity:
adapters/rep_activity_repo.py), scoped like lists: a rep sees their own deals, a manager
their regions' and his people's wherever they are (service_layer/reach: the numbers add
up to his deal list and its export), directors and admins all. A `region_id` asked for
narrows to deals of that region, his people's there included.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied

from pipeline.adapters import analytics_repo as repo
from pipeline.adapters import rep_activity_repo
from pipeline.domain import stages
from pipeline.domain.period import SHANGHAI, Period, period
from pipeline.service_layer import reach
from pipeline.service_layer.deps import Deps

READERS = frozenset({"rep", "manager", "director", "admin", "service"})


@dataclass(frozen=True)
class Ask:
    region_id: str = ""
    owner_id: str = ""
    date_from: str = ""
    date_to: str = ""


async def _slice(ask: Ask, principal: Principal, deps: Deps) -> tuple[repo.Slice, Period]:
    if principal.role not in READERS:
        raise PermissionDenied("无权查看销售统计")
    days = period(ask.date_from, ask.date_to, today=deps.clock().astimezone(SHANGHAI).date())
    scope = await reach.deal_scope(principal, deps.org)
    return repo.Slice(scope, days.start, days.end, ask.region_id, ask.owner_id), days


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


async def funnel(ask: Ask, principal: Principal, deps: Deps) -> pb.Funnel:
    where, days = await _slice(ask, principal, deps)
    async with deps.sessions() as session:
        n = await repo.funnel(session, where)
    path = (*stages.ORDER, stages.WON)
    reached = [n[f"reached_{c}"] for c in path]
    rows = [pb.FunnelStage(stage=c, label=stages.DEFAULT_LABELS[c], reached=reached[i],
                           current=n.get(f"current_{c}", 0),
                           current_amount_fen=int(n.get(f"current_amount_{c}", 0)),
                           conversion=_rate(reached[i + 1], reached[i]) if i + 1 < len(path)
                           else 0.0) for i, c in enumerate(path)]
    return pb.Funnel(stages=rows, total=n["total"], won=n["won"], lost=n["lost"],
                     win_rate=_rate(n["won"], n["won"] + n["lost"]),
                     total_amount_fen=int(n["total_amount"]),
                     won_amount_fen=int(n["won_amount"]),
                     lost_amount_fen=int(n["lost_amount"]),
                     open_amount_fen=int(n["open_amount"]),
                     date_from=days.first.isoformat(), date_to=days.last.isoformat())


def _duration(code: str, label: str, row: dict[str, object]) -> pb.Duration:
    def days(name: str) -> float:
        value = row.get(name)
        return round(float(value), 2) if value is not None else 0.0  # type: ignore[arg-type]

    return pb.Duration(stage=code, label=label, count=int(row.get("count") or 0),  # type: ignore[call-overload]
                       avg_days=days("avg"), median_days=days("median"), p90_days=days("p90"))


async def cycle_time(ask: Ask, principal: Principal, deps: Deps) -> pb.CycleTime:
    where, days = await _slice(ask, principal, deps)
    async with deps.sessions() as session:
        per_stage = await repo.cycle_times(session, where)
    return pb.CycleTime(
        lead_to_won=_duration(repo.WON_CYCLE, "线索到赢单", per_stage.get(repo.WON_CYCLE, {})),
        stages=[_duration(c, stages.DEFAULT_LABELS[c], per_stage.get(c, {}))
                for c in stages.ORDER],
        date_from=days.first.isoformat(), date_to=days.last.isoformat())


async def lost_reasons(ask: Ask, principal: Principal, deps: Deps) -> pb.LostReasons:
    where, days = await _slice(ask, principal, deps)
    async with deps.sessions() as session:
        rows = await repo.lost_reasons(session, where)
    total = sum(r["count"] for r in rows)
    return pb.LostReasons(
        reasons=[pb.LostReason(reason=r["reason"] or "未填写", count=r["count"],
                               amount_fen=int(r["amount_fen"]), share=_rate(r["count"], total))
                 for r in rows],
        total=total, date_from=days.first.isoformat(), date_to=days.last.isoformat())


async def rep_activity(ask: Ask, principal: Principal, deps: Deps) -> pb.RepActivity:
    where, days = await _slice(ask, principal, deps)
    async with deps.sessions() as session:
        rows = await rep_activity_repo.rep_weeks(session, where)
    return pb.RepActivity(
        cells=[pb.RepWeek(owner_id=o, owner_username=u, week=w, visits=v, reports=r,
                          stage_advances=a) for o, u, w, v, r, a in rows],
        weeks=days.iso_weeks(), date_from=days.first.isoformat(),
        date_to=days.last.isoformat())
