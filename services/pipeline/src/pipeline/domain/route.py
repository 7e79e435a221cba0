"""The day's visiting order: nearest neighbour, then 2-opt until no swap shortens it.

An open path (the rep does not return to the start): from the start point, or from
the first planned visit when none is given. Up to 60 stops a day. The distances are
computed once (a matrix of (n+1)² haversines) and a 2-opt move is judged by the two
legs it changes, so a pass is O(n²) lookups: rebuilding and re-measuring the whole path
for every candidate cost ~0.8 s of the service's event loop for 60 stops (850,000
haversines). Pure; no I/O.
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


def _matrix(points: Sequence[Point], start: Point | None) -> list[list[float]]:
    """Distances between the stops; row and column n are the start point (0 if none)."""
    every = [*points, start if start is not None else points[0]]
    size = len(points)
    return [[haversine_km(a, b) if start is not None or size not in (i, j) else 0.0
             for j, b in enumerate(every)] for i, a in enumerate(every)]


def nearest_neighbour(points: Sequence[Point], start: Point | None,
                      dist: list[list[float]] | None = None) -> list[int]:
    left = list(range(len(points)))
    if not left:
        return []
    dist = dist if dist is not None else _matrix(points, start)
    if start is None:  # the first planned visit is where the day begins
        order, here = [left.pop(0)], 0
    else:
        order, here = [], len(points)
    while left:
        row = dist[here]
        nxt = min(left, key=lambda i: (row[i], i))
        left.remove(nxt)
        order.append(nxt)
        here = nxt
    return order


def two_opt(points: Sequence[Point], order: list[int], start: Point | None,
            dist: list[list[float]] | None = None) -> list[int]:
    """Reverses segments while that shortens the path; the first stop stays first when
    there is no start point (it is the start). Reversing best[i..j] replaces the legs
    into best[i] and out of best[j] (distances are symmetric, the rest is unchanged)."""
    best = list(order)
    if len(best) < 2:
        return best
    dist = dist if dist is not None else _matrix(points, start)
    first = 1 if start is None else 0
    origin = len(points)
    improved = True
    while improved:
        improved = False
        for i in range(first, len(best) - 1):
            before = best[i - 1] if i > 0 else origin
            for j in range(i + 1, len(best)):
                after = best[j + 1] if j + 1 < len(best) else None
                old = dist[before][best[i]] + (dist[best[j]][after] if after is not None else 0)
                new = dist[before][best[j]] + (dist[best[i]][after] if after is not None else 0)
                if new < old - 1e-9:
                    best[i:j + 1] = best[i:j + 1][::-1]
                    improved = True
    return best


def plan(points: Sequence[Point], start: Point | None = None) -> Plan:
    if not points:
        return Plan((), (), 0)
    dist = _matrix(points, start)
    order = two_opt(points, nearest_neighbour(points, start, dist), start, dist)
    legs = _legs(points, order, start)
    return Plan(tuple(order), tuple(round(x, 3) for x in legs), round(sum(legs), 3))
