"""The process definition: six stages, each with its checklist of sub-steps, its entry
criteria (gates) and an expected duration. Versioned: an admin's edit is a new version and
a deal keeps the version it was opened under. Pure; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.domain import stages
from pipeline.domain.criteria import CATALOGUE
from pipeline.domain.errors import InvalidField

_STEP_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_STEPS_PER_STAGE, MAX_LABEL, MAX_DAYS = 20, 60, 365


@dataclass(frozen=True)
class Step:
    id: str
    label: str


@dataclass(frozen=True)
class StageDef:
    code: str
    label: str
    expected_days: int
    steps: tuple[Step, ...] = ()
    gates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Process:
    version: int
    stages: tuple[StageDef, ...]
    created_at: datetime | None = None
    created_by: str = ""

    def stage(self, code: str) -> StageDef:
        return next(s for s in self.stages if s.code == code)

    def label(self, code: str) -> str:
        if code in stages.CLOSED:
            return stages.DEFAULT_LABELS[code]
        return self.stage(code).label

    def step(self, step_id: str) -> tuple[StageDef, Step] | None:
        for stage in self.stages:
            for step in stage.steps:
                if step.id == step_id:
                    return stage, step
        return None

    def to_dict(self) -> list[dict[str, Any]]:
        return [{"code": s.code, "label": s.label, "expected_days": s.expected_days,
                 "steps": [{"id": p.id, "label": p.label} for p in s.steps],
                 "gates": list(s.gates)} for s in self.stages]


def from_dict(version: int, raw: list[dict[str, Any]], *, created_at: datetime | None = None,
              created_by: str = "") -> Process:
    return Process(version, tuple(
        StageDef(s["code"], s["label"], int(s["expected_days"]),
                 tuple(Step(p["id"], p["label"]) for p in s["steps"]), tuple(s["gates"]))
        for s in raw), created_at, created_by)


def validated(proposed: tuple[StageDef, ...]) -> tuple[StageDef, ...]:
    """The stages an admin sent, checked: the six codes in order, labels present, step
    ids unique across the process, gates from the catalogue, durations 1..365 days."""
    if tuple(s.code for s in proposed) != stages.ORDER:
        raise InvalidField("stages", "阶段必须依次为 " + " → ".join(stages.ORDER))
    seen: set[str] = set()
    cleaned = []
    for i, stage in enumerate(proposed):
        where = f"stages.{i}"
        label = _label(stage.label, f"{where}.label")
        if not 1 <= stage.expected_days <= MAX_DAYS:
            raise InvalidField(f"{where}.expected_days", f"预计天数应在 1 到 {MAX_DAYS} 之间")
        if len(stage.steps) > MAX_STEPS_PER_STAGE:
            raise InvalidField(f"{where}.steps", f"每个阶段最多 {MAX_STEPS_PER_STAGE} 个子步骤")
        steps = []
        for j, step in enumerate(stage.steps):
            if not _STEP_ID.match(step.id) or step.id in seen:
                raise InvalidField(f"{where}.steps.{j}.id",
                                   "子步骤标识须为小写字母开头的 a-z0-9_，且全流程唯一")
            seen.add(step.id)
            steps.append(Step(step.id, _label(step.label, f"{where}.steps.{j}.label")))
        for j, gate in enumerate(stage.gates):
            if gate not in CATALOGUE:
                raise InvalidField(f"{where}.gates.{j}", f"未知的准入条件：{gate}")
        cleaned.append(StageDef(stage.code, label, stage.expected_days, tuple(steps),
                                tuple(dict.fromkeys(stage.gates))))
    return tuple(cleaned)


def _label(text: str, field: str) -> str:
    label = " ".join(text.split())
    if not label or len(label) > MAX_LABEL:
        raise InvalidField(field, f"名称不能为空且不超过 {MAX_LABEL} 个字符")
    return label
