"""Work-order KPIs per department and period. Pure.

Response time is in working hours (stored at acceptance); delivery on time compares the
delivery with the due time; first-pass acceptance counts deliveries accepted without an
earlier rejection, among the reviewed-and-closed orders.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
PERIODS = ("month", "week", "day")


@dataclass(frozen=True)
class Facts:
    department: str
    created_at: datetime
    response_seconds: int | None
    delivered_on_time: bool | None
    first_pass: bool | None


@dataclass(frozen=True)
class Row:
    department: str
    period: str
    created: int
    accepted: int
    response_hours_mean: float
    response_hours_p90: float
    delivered: int
    on_time_rate: float
    reviewed: int
    first_pass_rate: float


def period_of(moment: datetime, period: str) -> str:
    local = moment.astimezone(SHANGHAI)
    if period == "day":
        return local.date().isoformat()
    if period == "week":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local.year}-{local.month:02d}"


def p90(values: list[float]) -> float:
    """Nearest-rank 90th percentile."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def rows(facts: Iterable[Facts], period: str) -> list[Row]:
    groups: dict[tuple[str, str], list[Facts]] = defaultdict(list)
    for fact in facts:
        groups[(fact.department, period_of(fact.created_at, period))].append(fact)
    result = []
    for (department, bucket), group in sorted(groups.items()):
        hours = [f.response_seconds / 3600 for f in group if f.response_seconds is not None]
        delivered = [f.delivered_on_time for f in group if f.delivered_on_time is not None]
        reviewed = [f.first_pass for f in group if f.first_pass is not None]
        result.append(Row(
            department, bucket, len(group), len(hours),
            round(sum(hours) / len(hours), 2) if hours else 0.0, round(p90(hours), 2),
            len(delivered), _rate(delivered), len(reviewed), _rate(reviewed)))
    return result


def _rate(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0
