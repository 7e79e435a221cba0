"""The day's visiting order: nearest neighbour, then 2-opt until no swap shortens it.

An open path (the rep does not return to the start): from the start point, or from
the first planned visit when none is given. Up to a few dozen stops a day, so the
O(n²) per pass of 2-opt is microseconds. Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.domain.geo import Point, haversine_km

MAX_STOPS = 60


@dataclass(frozen=True)
class Plan:
    order: tuple[int, ...]        # indexes into the stops given
    legs_km: tuple[float, ...]    # leg i ends at stop order[i]
    total_km: float


def path_km(points: Sequence[Point], order: Sequence[int], start: Point | None) -> float:
    return sum(_legs(points, order, start))


def _legs(points: Sequence[Point], order: Sequence[int], start: Point | None) -> list[float]:
    legs, previous = [], start
    for i in order:
        legs.append(haversine_km(previous, points[i]) if previous is not None else 0.0)
        previous = points[i]
    return legs


def nearest_neighbour(points: Sequence[Point], start: Point | None) -> list[int]:
    left = list(range(len(points)))
    if not left:
        return []
    if start is None:  # the first planned visit is where the day begins
        order, here = [left.pop(0)], points[0]
    else:
        order, here = [], start
    while left:
        nxt = min(left, key=lambda i: (haversine_km(here, points[i]), i))
        left.remove(nxt)
        order.append(nxt)
        here = points[nxt]
    return order


def two_opt(points: Sequence[Point], order: list[int], start: Point | None) -> list[int]:
    """Reverses segments while that shortens the path; the first stop stays first when
    there is no start point (it is the start)."""
    best = list(order)
    first = 1 if start is None else 0
    improved = True
    while improved:
        improved = False
        for i in range(first, len(best) - 1):
            for j in range(i + 1, len(best)):
                candidate = best[:i] + best[i:j + 1][::-1] + best[j + 1:]
                if path_km(points, candidate, start) < path_km(points, best, start) - 1e-9:
                    best, improved = candidate, True
    return best


def plan(points: Sequence[Point], start: Point | None = None) -> Plan:
    order = two_opt(points, nearest_neighbour(points, start), start)
    legs = _legs(points, order, start)
    return Plan(tuple(order), tuple(round(x, 3) for x in legs), round(sum(legs), 3))
