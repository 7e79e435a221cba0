"""The structured needs record: the template that replaces a rep's free-text notes.

It may be saved half filled; it is `complete` when every required field is, and only a
complete record lets the deal enter 方案设计 (gate `needs_record_complete`). Asking
engineering for non-standard support needs a description of what is wanted: the
work-order service opens a 技术部 request from it. Pure; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from pipeline.domain.errors import InvalidField

MAX_TEXT, MAX_LONG_TEXT, MAX_ITEMS = 200, 2000, 20
MAX_FEN = 10**14

# Required for `complete`, with the zh-CN label a missing one is shown with.
REQUIRED: dict[str, str] = {
    "equipment_type": "设备类型",
    "capacity": "产能要求",
    "site_constraints": "现场条件",
    "budget": "预算区间",
    "decision_makers": "决策人",
    "must_have_parameters": "必备参数",
}


@dataclass(frozen=True)
class Person:
    name: str
    title: str = ""


@dataclass(frozen=True)
class Parameter:
    name: str
    value: str


@dataclass(frozen=True)
class Needs:
    equipment_type: str = ""
    capacity: str = ""
    site_constraints: str = ""
    budget_min_fen: int = 0
    budget_max_fen: int = 0
    decision_makers: tuple[Person, ...] = ()
    competing_vendors: tuple[str, ...] = ()     # may be none: not required
    must_have_parameters: tuple[Parameter, ...] = ()
    nonstandard_support: bool = False
    nonstandard_request: str = ""

    @property
    def missing(self) -> list[str]:
        filled = {
            "equipment_type": bool(self.equipment_type),
            "capacity": bool(self.capacity),
            "site_constraints": bool(self.site_constraints),
            "budget": self.budget_max_fen > 0,
            "decision_makers": bool(self.decision_makers),
            "must_have_parameters": bool(self.must_have_parameters),
        }
        return [name for name, ok in filled.items() if not ok]

    @property
    def complete(self) -> bool:
        return not self.missing

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["decision_makers"] = [vars(p) for p in self.decision_makers]
        out["must_have_parameters"] = [vars(p) for p in self.must_have_parameters]
        out["competing_vendors"] = list(self.competing_vendors)
        return out


@dataclass(frozen=True)
class NeedsRecord:
    opportunity_id: str
    needs: Needs
    version: int = 0
    updated_by: str = ""
    updated_at: datetime | None = None


def from_dict(raw: dict[str, Any]) -> Needs:
    data = dict(raw)
    data["decision_makers"] = tuple(Person(**p) for p in data.get("decision_makers", ()))
    data["must_have_parameters"] = tuple(Parameter(**p)
                                         for p in data.get("must_have_parameters", ()))
    data["competing_vendors"] = tuple(data.get("competing_vendors", ()))
    return Needs(**data)


def validated(draft: Needs) -> Needs:
    """The record cleaned (whitespace, duplicates, empty rows dropped) or InvalidField."""
    low, high = draft.budget_min_fen, draft.budget_max_fen
    if not (0 <= low <= MAX_FEN and 0 <= high <= MAX_FEN):
        raise InvalidField("budget_min_fen" if not 0 <= low <= MAX_FEN else "budget_max_fen",
                           "预算须为 0 到 10^14 分之间的整数")
    if high and low > high:
        raise InvalidField("budget_max_fen", "预算上限不能低于下限")
    people = tuple(Person(_text(p.name, f"decision_makers.{i}.name"),
                          _text(p.title, f"decision_makers.{i}.title"))
                   for i, p in enumerate(_items(draft.decision_makers, "decision_makers")))
    params = tuple(Parameter(_text(p.name, f"must_have_parameters.{i}.name"),
                             _text(p.value, f"must_have_parameters.{i}.value"))
                   for i, p in enumerate(_items(draft.must_have_parameters,
                                                "must_have_parameters")))
    if any(not p.name for p in people):
        raise InvalidField("decision_makers", "决策人须填写姓名")
    if any(not (p.name and p.value) for p in params):
        raise InvalidField("must_have_parameters", "必备参数须填写名称和取值")
    named = (_text(v, f"competing_vendors.{i}")
             for i, v in enumerate(_items(draft.competing_vendors, "competing_vendors")))
    vendors = tuple(dict.fromkeys(v for v in named if v))
    request = _text(draft.nonstandard_request, "nonstandard_request", MAX_LONG_TEXT)
    if draft.nonstandard_support and not request:
        raise InvalidField("nonstandard_request", "需要非标支持时须说明具体需求")
    return Needs(
        equipment_type=_text(draft.equipment_type, "equipment_type"),
        capacity=_text(draft.capacity, "capacity"),
        site_constraints=_text(draft.site_constraints, "site_constraints", MAX_LONG_TEXT),
        budget_min_fen=low, budget_max_fen=high, decision_makers=people,
        competing_vendors=vendors, must_have_parameters=params,
        nonstandard_support=draft.nonstandard_support,
        nonstandard_request=request if draft.nonstandard_support else "")


def _text(value: str, field: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(value.split())
    if len(text) > limit:
        raise InvalidField(field, f"不能超过 {limit} 个字符")
    return text


def _items(items: tuple, field: str) -> tuple:  # type: ignore[type-arg]
    if len(items) > MAX_ITEMS:
        raise InvalidField(field, f"最多 {MAX_ITEMS} 项")
    return items
