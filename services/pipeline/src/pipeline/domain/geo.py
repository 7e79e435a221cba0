"""Coordinates: where a visit may be, and how far apart two places are. Pure; no I/O.

The range check is a box around the mainland (with Hainan and the South China Sea
islands' latitude cut at 3.8°N): it catches swapped latitude/longitude, zeros and
GPS garbage, not a visit a few kilometres across a border.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.domain.errors import InvalidField

LAT_RANGE = (3.8, 53.6)
LNG_RANGE = (73.5, 135.1)
EARTH_KM = 6371.0088  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class Point:
    lat: float
    lng: float


def checked_point(lat: float, lng: float, *, prefix: str = "") -> Point:
    """The point when it lies in the mainland box; InvalidField naming the bad one."""
    for name, value, (low, high) in (("latitude", lat, LAT_RANGE), ("longitude", lng, LNG_RANGE)):
        if not (math.isfinite(value) and low <= value <= high):
            raise InvalidField(prefix + name, f"须在 {low} 到 {high} 之间（中国大陆范围）")
    return Point(round(lat, 6), round(lng, 6))


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance; within a city the error against roads is the detour factor,
    which is the same for every order, so it does not change which order is shortest."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlng = lat2 - lat1, math.radians(b.lng - a.lng)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))
