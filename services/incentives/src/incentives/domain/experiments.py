"""A/B trials of pay schemes: stratified random assignment and the overlap rule.

Assignment is reproducible: within each region (stratum) the units are sorted by id and
shuffled with a generator seeded by (seed, region), then dealt alternately to A and B;
the first arm dealt alternates from region to region, so odd strata do not all favour A.
A unit may be in one arm of one running experiment at a time.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from incentives.domain.errors import InvalidField
from incentives.domain.periods import check_day

UNITS = ("rep", "team")
A, B = "A", "B"
# A pay-scheme trial runs a quarter or two; a typo (2037 for 2027) made a ten-year trial
# that held every rep out of any other trial for a decade, and a year like 9999 broke
# its results (502).
LONGEST_DAYS = 366


@dataclass(frozen=True)
class Assigned:
    unit_id: str
    arm: str
    region_id: str


@dataclass(frozen=True)
class Window:
    starts_on: date
    ends_on: date          # inclusive

    def overlaps(self, other: Window) -> bool:
        return self.starts_on <= other.ends_on and other.starts_on <= self.ends_on

    def status(self, today: date) -> str:
        if today < self.starts_on:
            return "planned"
        return "running" if today <= self.ends_on else "finished"


# Exactly YYYY-MM-DD in ASCII digits: Python's fromisoformat also takes "20261201",
# "2026-W48-2" and full-width ２０２６, which a partner calling gRPC meant otherwise.
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(text: str, *, field: str, what: str, example: str) -> date:
    if not _DAY.fullmatch(text.strip()):
        raise InvalidField(field, f"{what}格式应为 {example}")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:  # the shape of a date, but no day: 2026-02-30
        raise InvalidField(field, f"{what}没有这一天：{text.strip()}") from None


def window(starts_on: str, ends_on: str) -> Window:
    first = _day(starts_on, field="starts_on", what="开始日期", example="2026-12-01")
    last = _day(ends_on, field="ends_on", what="结束日期", example="2027-02-28")
    check_day(first, field="starts_on")
    check_day(last, field="ends_on")
    if last < first:
        raise InvalidField("ends_on", "结束日期不能早于开始日期")
    if (last - first).days + 1 > LONGEST_DAYS:
        raise InvalidField("ends_on", f"实验期最长 {LONGEST_DAYS} 天")
    return Window(first, last)


def check_unit_kind(unit: str) -> str:
    if unit not in UNITS:
        raise InvalidField("unit", "分组单位只能是 rep（销售）或 team（团队）")
    return unit


def assign(units: Mapping[str, str], seed: int) -> list[Assigned]:
    """`units`: unit id → region id. Stratified by region, reproducible with `seed`."""
    strata: dict[str, list[str]] = defaultdict(list)
    for unit_id, region_id in units.items():
        strata[region_id].append(unit_id)
    result = []
    for index, region_id in enumerate(sorted(strata)):
        members = sorted(strata[region_id])
        random.Random(f"{seed}:{region_id}").shuffle(members)
        first, second = (A, B) if index % 2 == 0 else (B, A)
        result += [Assigned(u, first if i % 2 == 0 else second, region_id)
                   for i, u in enumerate(members)]
    return result


def explicit(arm_a: Iterable[str], arm_b: Iterable[str],
             regions: Mapping[str, str]) -> list[Assigned]:
    a, b = list(arm_a), list(arm_b)
    for field, ids in (("arm_a", a), ("arm_b", b)):
        if not ids:  # a trial with one arm compares nothing
            raise InvalidField(field, "A、B 两组都至少需要一个单位")
        if twice := sorted(u for u, n in Counter(ids).items() if n > 1):
            raise InvalidField(field, f"同一单位在组内重复：{', '.join(twice[:5])}")
    both = sorted(set(a) & set(b))
    if both:
        raise InvalidField("arm_b", f"同一单位不能同时在 A、B 两组：{', '.join(both)}")
    return [Assigned(u, A, regions.get(u, "")) for u in a] + \
           [Assigned(u, B, regions.get(u, "")) for u in b]


def check_no_overlap(new_reps: Iterable[str], busy_reps: Mapping[str, str]) -> None:
    """`busy_reps`: rep id → name of a running or planned experiment whose window meets
    this one's. Teams are expanded to their reps before the check."""
    clash = sorted(set(new_reps) & set(busy_reps))
    if clash:
        names = "、".join(sorted({busy_reps[u] for u in clash}))
        raise InvalidField("unit_ids",
                           f"{len(clash)} 个成员已在同期进行的实验中（{names}），分组不能重叠")
