"""The day's route: haversine distances, nearest neighbour then 2-opt, the mainland box."""

from __future__ import annotations

import itertools
import random

import pytest
from pipeline.domain import route
from pipeline.domain.errors import InvalidField
from pipeline.domain.geo import Point, checked_point, haversine_km

SHANGHAI, SUZHOU = Point(31.2304, 121.4737), Point(31.2989, 120.5853)
WUXI = Point(31.4912, 120.3119)


def test_haversine_gives_the_known_distance_shanghai_to_suzhou() -> None:
    assert haversine_km(SHANGHAI, SUZHOU) == pytest.approx(84.8, abs=1.0)
    assert haversine_km(SUZHOU, SUZHOU) == 0


@pytest.mark.parametrize(("lat", "lng", "field"), [
    (121.47, 31.23, "latitude"),       # swapped
    (0.0, 0.0, "latitude"),            # no GPS fix
    (31.2, 60.0, "longitude"),
    (float("nan"), 120.0, "latitude"),
])
def test_coordinates_outside_the_mainland_are_refused_naming_the_field(lat, lng, field) -> None:
    with pytest.raises(InvalidField) as refused:
        checked_point(lat, lng)
    assert refused.value.field == field


def test_a_known_small_case_visits_along_the_line_not_back_and_forth() -> None:
    # Shanghai → Suzhou → Wuxi lie on one line westwards; planned out of order.
    plan = route.plan([WUXI, SHANGHAI, SUZHOU], start=Point(31.23, 121.6))
    assert plan.order == (1, 2, 0)
    assert plan.total_km == pytest.approx(sum(plan.legs_km), abs=0.01)


def test_without_a_start_the_first_planned_visit_begins_the_day() -> None:
    plan = route.plan([SUZHOU, WUXI, SHANGHAI])
    assert plan.order[0] == 0 and plan.legs_km[0] == 0.0


def _random_points(seed: int, n: int) -> list[Point]:
    rnd = random.Random(seed)
    return [Point(31 + rnd.random(), 120 + rnd.random() * 1.5) for _ in range(n)]


@pytest.mark.parametrize("seed", range(25))
def test_two_opt_is_never_worse_than_nearest_neighbour(seed: int) -> None:
    points, start = _random_points(seed, 12), Point(31.5, 120.7)
    nn = route.nearest_neighbour(points, start)
    improved = route.two_opt(points, nn, start)
    assert sorted(improved) == list(range(12))
    assert route.path_km(points, improved, start) <= route.path_km(points, nn, start) + 1e-9


@pytest.mark.parametrize("seed", range(5))
def test_on_seven_stops_the_heuristic_is_within_ten_percent_of_the_best_order(seed) -> None:
    points, start = _random_points(100 + seed, 7), Point(31.5, 120.7)
    best = min(route.path_km(points, p, start) for p in itertools.permutations(range(7)))
    assert route.plan(points, start).total_km <= best * 1.10 + 1e-6


def test_an_empty_day_is_an_empty_route() -> None:
    assert route.plan([], None) == route.Plan((), (), 0)


def test_sixty_stops_measure_each_distance_once_not_per_candidate_path(monkeypatch) -> None:
    """A rep with a full day (60 stops): the route is worked out on the service's event
    loop, where re-measuring whole paths per 2-opt candidate took 850,000 haversines
    (~0.8 s). Each pair once — the matrix and the answer's legs — is all it needs."""
    points, start = _random_points(7, route.MAX_STOPS), Point(31.5, 120.7)
    calls = 0

    def counted(a: Point, b: Point) -> float:
        nonlocal calls
        calls += 1
        return haversine_km(a, b)

    monkeypatch.setattr(route, "haversine_km", counted)
    plan = route.plan(points, start)
    n = route.MAX_STOPS
    assert calls <= (n + 1) ** 2 + n
    assert sorted(plan.order) == list(range(n))
    nn = route.nearest_neighbour(points, start)
    assert plan.total_km <= round(route.path_km(points, nn, start), 3)
