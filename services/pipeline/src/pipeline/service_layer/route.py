"""The caller's route for a day: their planned visits in driving order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from servicekit.auth import Principal

from pipeline.adapters import visits_repo
from pipeline.domain import route as rt
from pipeline.domain.days import iso_day
from pipeline.domain.errors import InvalidField
from pipeline.domain.geo import Point, checked_point
from pipeline.domain.visits import Visit
from pipeline.service_layer import reach
from pipeline.service_layer.deps import Deps


@dataclass(frozen=True)
class Stop:
    visit: Visit
    title: str
    account_name: str
    leg_km: float


@dataclass(frozen=True)
class DayRoute:
    day: date
    stops: list[Stop]
    total_km: float
    unoptimised_km: float


async def day_route(day_text: str, start: tuple[float, float] | None, principal: Principal,
                    deps: Deps) -> DayRoute:
    day = iso_day(day_text, "date")
    origin = checked_point(*start, prefix="start_") if start else None
    scope = await reach.deal_scope(principal, deps.org)  # before a connection is taken
    async with deps.sessions() as session:
        planned = await visits_repo.planned_on(session, rep_id=principal.user_id, day=day,
                                               scope=scope)
    if len(planned) > rt.MAX_STOPS:
        raise InvalidField("date", f"一天最多规划 {rt.MAX_STOPS} 个拜访")
    points = [v.point for v, _, _ in planned]
    best = rt.plan(points, origin)
    stops = [Stop(planned[i][0], planned[i][1], planned[i][2], leg)
             for i, leg in zip(best.order, best.legs_km, strict=True)]
    as_planned = round(rt.path_km(points, range(len(points)), origin), 3)
    return DayRoute(day, stops, best.total_km, as_planned)


def start_of(has_start: bool, lat: float, lng: float) -> tuple[float, float] | None:
    return (lat, lng) if has_start else None


__all__ = ["DayRoute", "Point", "Stop", "day_route", "start_of"]
