"""What makes a change of the region map sound (pure: no I/O, unit-tested alone).

Every mainland province belongs to exactly one region, so a province is never removed
from a region: it is assigned to another, which moves it, and the answer says from where.
The default region (其他) catches every unmapped or unknown province of a web form, so it
must keep at least one province of its own: ResolveRegion answers it for anything else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from servicekit.provinces import short_province

from gateway.org_unit_names import name_key

CODE = re.compile(r"[a-z][a-z0-9_]{1,31}")
CODE_RULE = "区域编码须为 2–32 位小写英文字母、数字或下划线，且以字母开头，例如 central"


class RegionRuleError(Exception):
    def __init__(self, field: str, message: str,
                 more: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.field, self.message = field, message
        # (field, message) of every fault after the first: each bad item of a list
        self.errors = [(field, message), *more]


@dataclass(frozen=True)
class Move:
    province: str
    from_code: str | None  # None: the province had no region yet


def provinces_asked(raw: Sequence[str], *, field: str = "provinces") -> tuple[str, ...]:
    """The short names (江苏省 → 江苏), in the order sent, each once; a name that is no
    mainland province is refused naming its place in the list the way every other
    route names a list item (`provinces.1`, as FastAPI's own `loc` joined by dots) —
    every such name at once, so the admin corrects the list in one go."""
    found: list[str] = []
    bad: list[tuple[str, str]] = []
    for i, name in enumerate(raw):
        short = short_province(name)
        if short is None:
            bad.append((f"{field}.{i}", f"不是中国大陆的省级行政区：{name}"))
        elif short not in found:
            found.append(short)
    if bad:
        raise RegionRuleError(*bad[0], more=bad[1:])
    return tuple(found)


def plan_moves(asked: Sequence[str], *, into: str, current: Mapping[str, str],
               default_code: str, default_name: str = "其他") -> list[Move]:
    """The provinces that change region when `asked` are put into region `into`, given
    `current` (province → region code). Refused when the default region would be left
    without a province, naming it as it is called now (`default_name`: admins rename it)."""
    moves = [Move(p, current.get(p)) for p in asked if current.get(p) != into]
    if into != default_code:
        left = [p for p, code in current.items() if code == default_code
                and p not in {m.province for m in moves}]
        if not left and any(m.from_code == default_code for m in moves):
            raise RegionRuleError("provinces", f"默认区域「{default_name}」须至少保留一个"
                                               "省份，未划入任何区域的线索都归它")
    return moves


def check_name_free(name: str, *, taken: Mapping[str, str], code: str | None = None) -> None:
    """Region names are what people read in lists, exports and assignment reasons, so two
    regions never share one (`taken`: name → code; `code`: the region being renamed).
    Names are compared tidied (org_unit_names.py): one stored before names were tidied,
    with its double space, still blocks its look-alike."""
    others = {name_key(n): c for n, c in taken.items() if c != code}
    if (owner := others.get(name_key(name))) is not None:
        raise RegionRuleError("name", f"区域名称「{name}」已被区域 {owner} 使用")
