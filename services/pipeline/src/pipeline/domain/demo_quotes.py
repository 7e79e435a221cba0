"""What a demo customer bought, so recommendations mean something on first start. Pure.

Each industry leans to one machine and a few extras with a take-up in percent; large
customers (200+ people) take service packages more often, small ones (< 50) less. The
choice is seeded by the account's key, so every start of the demo makes the same baskets.
"""

from __future__ import annotations

import random

from pipeline.domain.catalogue import SERVICE
from pipeline.domain.demo_catalogue import DEMO_CATALOGUE
from pipeline.domain.pricing import LineRequest

_KIND = {p.code: p.kind for p in DEMO_CATALOGUE}
TASTES: dict[str, tuple[str, tuple[tuple[str, int], ...]]] = {
    "食品饮料": ("PAL-R200", (("OPT-MON", 85), ("SVC-RMT", 60), ("ADD-WRAP", 45),
                          ("OPT-VIS", 25))),
    "工程机械": ("CONV-100", (("OPT-SPD", 75), ("OPT-MON", 55), ("SVC-WAR", 60),
                          ("SVC-INS", 40))),
    "汽车零部件": ("AGV-500", (("ADD-CHG", 80), ("OPT-MON", 60), ("SVC-RMT", 50),
                          ("SVC-TRN", 30))),
    "电子电器": ("PACK-L300", (("OPT-VIS", 75), ("ADD-SAFE", 50), ("SVC-TRN", 55),
                           ("OPT-MON", 35))),
    "化工": ("PAL-R200", (("ADD-SAFE", 80), ("OPT-GRP", 40), ("SVC-WAR", 60),
                        ("OPT-MON", 45))),
}
DEFAULT = ("CONV-100", (("OPT-MON", 50), ("SVC-INS", 50), ("SVC-TRN", 40)))
_SERVICE_SHIFT = {"lt50": -20, "50_200": 0, "200_1000": 15, "gt1000": 20}


def demo_basket(*, industry: str, scale: str, key: str) -> list[LineRequest]:
    """The lines of a won demo deal of this customer (always a machine)."""
    chance = random.Random(f"{key}|{industry}|{scale}")
    machine, extras = TASTES.get(industry, DEFAULT)
    lines = [LineRequest(machine, chance.randint(1, 3))]
    for code, percent in extras:
        if _KIND[code] == SERVICE:
            percent += _SERVICE_SHIFT.get(scale, 0)
        if chance.randint(1, 100) <= percent:
            lines.append(LineRequest(code, 1))
    return lines
