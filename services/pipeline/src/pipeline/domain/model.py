"""The opportunity: which stage it is in, which sub-steps are done, and every move it made.

Moves (`change_stage`): one stage forward when the current stage's sub-steps are all
checked and the target's gates pass; any stage back with a reason — the stage it goes
back to, and every later one, is redone: their sub-steps ticked by hand are unticked
(`cleared`), so the deal cannot walk forward again at once on checks made for what has
changed (「客户确认方案」 for the old solution), while the system's steps are facts (a quote
approved) and stay; `lost` from any open stage with a reason; `won` only from 签约 with
its sub-steps done. Asking for the stage the deal is already in changes nothing (a retried
request is safe). Pure; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline.domain import events, stages
from pipeline.domain.criteria import Facts, unmet_gates
from pipeline.domain.errors import GateFailed, InvalidField, TransitionRefused, Unmet
from pipeline.domain.process import Process
from pipeline.domain.stage_rules import SYSTEM_STEPS

MAX_REASON = 500
WON_GATES = ("contract_signed",)


@dataclass(frozen=True)
class StageChange:
    from_stage: str
    to_stage: str
    by_user_id: str
    at: datetime
    reason: str = ""


@dataclass(frozen=True)
class StepCheck:
    step_id: str
    done_by: str
    done_at: datetime


@dataclass
class Opportunity:
    id: str
    account_id: str
    title: str
    amount_fen: int
    owner_id: str
    owner_username: str
    region_id: str
    process_version: int
    created_at: datetime
    stage: str = stages.LEAD
    status: str = stages.OPEN
    stage_entered_at: datetime | None = None
    lead_id: str | None = None
    lost_reason: str = ""
    steps_done: dict[str, StepCheck] = field(default_factory=dict)
    history: list[StageChange] = field(default_factory=list)
    events: list[Any] = field(default_factory=list, compare=False)
    cleared: list[str] = field(default_factory=list, compare=False)  # unticked by a move back

    @classmethod
    def open(cls, **fields: Any) -> Opportunity:
        opp = cls(**fields)
        opp.stage_entered_at = opp.created_at
        opp.events.append(events.OpportunityOpened(opp.id, opp.created_at))
        return opp

    def check_step(self, process: Process, step_id: str, *, by: str, now: datetime) -> bool:
        """Ticks a sub-step of the current stage; False when it was already ticked."""
        self._must_be_open()
        found = process.step(step_id)
        if found is None:
            raise InvalidField("step_id", f"流程第 {process.version} 版中没有子步骤 {step_id}")
        if step_id in SYSTEM_STEPS:
            raise TransitionRefused(f"子步骤「{found[1].label}」{SYSTEM_STEPS[step_id]}，"
                                    "不能手动勾选")
        if found[0].code != self.stage:
            raise TransitionRefused(f"子步骤「{found[1].label}」不属于当前阶段")
        if step_id in self.steps_done:
            return False
        self.steps_done[step_id] = StepCheck(step_id, by, now)
        return True

    def tick_by_system(self, process: Process, step_id: str, *, by: str,
                       now: datetime) -> bool:
        """A system step happened (stage_rules.SYSTEM_STEPS): ticked whatever the deal's
        stage, so a quote approved in 方案设计 counts once the deal reaches 报价. False when
        already ticked or when this process version has no such step."""
        if self.status != stages.OPEN or step_id in self.steps_done \
                or process.step(step_id) is None:
            return False
        self.steps_done[step_id] = StepCheck(step_id, by, now)
        return True

    def change_stage(self, process: Process, to: str, *, reason: str, by: str,
                     now: datetime, facts: Facts) -> bool:
        """Moves the deal; False when it already is in `to`. Raises GateFailed listing
        every unmet criterion, TransitionRefused for a closed deal."""
        reason = " ".join(reason.split())
        if len(reason) > MAX_REASON:
            raise InvalidField("reason", f"原因不能超过 {MAX_REASON} 个字符")
        if to not in (*stages.ORDER, *stages.CLOSED):
            raise InvalidField("to", "目标阶段须为 " + "、".join((*stages.ORDER, *stages.CLOSED)))
        if to == self.stage:
            return False
        self._must_be_open()
        if to == stages.LOST or (to in stages.ORDER and stages.position(to) < self._pos()):
            if not reason:
                raise InvalidField("reason", "丢单或退回阶段须填写原因")
            if to != stages.LOST:
                self._redo_from(process, to)
        else:
            self._gate(process, to, facts)
        self._record(to, by=by, now=now, reason=reason)
        return True

    def _gate(self, process: Process, to: str, facts: Facts) -> None:
        target = stages.CONTRACT if to == stages.WON else to
        if to != stages.WON and stages.position(to) != self._pos() + 1:
            nxt = stages.ORDER[self._pos() + 1] if self.stage != stages.CONTRACT else stages.WON
            skip = f"不能跳过阶段：下一阶段是「{process.label(nxt)}」"
            raise GateFailed([Unmet("no_skipping", skip, (("next", nxt),
                                                          ("next_label", process.label(nxt))))])
        if to == stages.WON and self.stage != stages.CONTRACT:
            raise GateFailed([Unmet("no_skipping", "只有签约阶段的商机才能赢单",
                                    (("to", stages.WON),))])
        unmet = [Unmet(f"step:{s.id}", f"未完成子步骤：{s.label}", (("label", s.label),))
                 for s in process.stage(self.stage).steps if s.id not in self.steps_done]
        # Won needs the customer's signature on top of 签约's steps (issue 4: a deal is
        # won when the contract is signed; the owner moves it, see the pipeline README).
        unmet += unmet_gates(process.stage(target).gates if to != stages.WON
                             else WON_GATES, facts)
        if unmet:
            raise GateFailed(unmet)

    def _redo_from(self, process: Process, stage: str) -> None:
        redone = {s.id for code in stages.ORDER[stages.position(stage):]
                  for s in process.stage(code).steps}
        self.cleared = [i for i in self.steps_done if i in redone and i not in SYSTEM_STEPS]
        for step_id in self.cleared:
            del self.steps_done[step_id]

    def _record(self, to: str, *, by: str, now: datetime, reason: str) -> None:
        entered = self.stage_entered_at or self.created_at
        change = StageChange(self.stage, to, by, now, reason)
        self.history.append(change)
        self.events.append(events.StageChanged(
            self.id, self.stage, to, by, reason, now, int((now - entered).total_seconds())))
        if to in stages.CLOSED:
            self.status = to
        if to == stages.LOST:
            self.lost_reason = reason
            self.events.append(events.DealLost(self.id, self.stage, reason, by, now))
        self.stage, self.stage_entered_at = to, now

    def _pos(self) -> int:
        return stages.position(self.stage)

    def _must_be_open(self) -> None:
        if self.status != stages.OPEN:
            hint = "（丢单后经理或总监可重新打开）" if self.status == stages.LOST else ""
            raise TransitionRefused(
                f"商机已{stages.DEFAULT_LABELS[self.status]}，不能再变更{hint}")
