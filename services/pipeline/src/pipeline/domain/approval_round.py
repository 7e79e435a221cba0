"""A contract's approval round: the ordered steps of one submission, who decides each
(the delegate, when delegated; never the deal's own owner), and when a waiting approver
is reminded and escalated. A step answering for a discount goes to a delegate only if the
delegate may approve that discount (`powers`: user id → the largest discount in bp they
may approve); otherwise it stays with its approver, who is reminded and escalated as
usual. `Contract` mixes `ApprovalRound` in: a round moves the contract to pending on
submission and to approved or rejected on its final decision.
Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from pipeline.domain import contract_events as ev
from pipeline.domain.approval_matrix import Assignee
from pipeline.domain.approval_steps import (
    STEP_APPROVED,
    STEP_CANCELLED,
    STEP_PENDING,
    STEP_REJECTED,
    WAITING,
    NotApprover,
    Step,
    Timing,
)
from pipeline.domain.contract_status import APPROVED, DRAFT, PENDING, REJECTED, STATUS_LABELS
from pipeline.domain.errors import InvalidField, TransitionRefused

DECISIONS = {"approve": STEP_APPROVED, "reject": STEP_REJECTED}
MAX_COMMENT = 1000


class ApprovalRound:
    """The round's rules, on the contract's own fields (declared here, set by Contract)."""

    owner_id: str
    status: str
    round: int
    steps: list[Step]
    events: list[Any]

    def submit(self, assignees: list[Assignee], *, new_id: Callable[[], str], now: datetime,
               delegations: Mapping[str, str], timing: Timing,
               powers: Mapping[str, int] | None = None) -> bool:
        """False when already pending (a retried submission changes nothing)."""
        if self.status == PENDING:
            return False
        if self.status not in (DRAFT, REJECTED):
            raise TransitionRefused(f"合同{STATUS_LABELS[self.status]}，不能提交审批")
        self.round += 1
        self.steps = [Step(new_id(), self.round, i, a.level.code, a.level.label, a.approver_id,
                           a.escalate_to_id, reason=a.reason, discount_bp=a.discount_bp)
                      for i, a in enumerate(assignees, start=1)]
        self.status = PENDING
        self._activate(self.steps[0], now, self._delegate(self.steps[0], delegations, powers),
                       timing)
        return True

    def pending_step(self) -> Step | None:
        return next((s for s in self.steps if s.status == STEP_PENDING), None)

    def decide(self, user_id: str, decision: str, comment: str, *, now: datetime,
               delegations: Mapping[str, str], timing: Timing,
               powers: Mapping[str, int] | None = None) -> Step | None:
        """The decided step; None when this person already made this decision in this
        round (a retried request changes nothing)."""
        if decision not in DECISIONS:
            raise InvalidField("decision", "decision 须为 approve 或 reject")
        step = self.pending_step()
        # A retry only when no step waits for this person: one who holds two levels (a
        # delegate who is also the next level) must still decide the later one.
        mine = step is not None and self.may_decide(step, user_id)
        if not mine and any(s.decided_by == user_id and s.status == DECISIONS[decision]
                            for s in self.steps):
            return None
        comment = comment.strip()
        if len(comment) > MAX_COMMENT:
            raise InvalidField("comment", f"意见不能超过 {MAX_COMMENT} 个字符")
        if not mine and any(self.may_decide(s, user_id) and s.decided_by != user_id
                            for s in self.steps if s.status in (STEP_APPROVED, STEP_REJECTED)):
            # The approver and their delegate both could: the first decision counts.
            raise TransitionRefused("该审批步骤已由他人做出决定，以先做出的决定为准")
        if self.status != PENDING or step is None:
            raise TransitionRefused(f"合同{STATUS_LABELS[self.status]}，没有待审批的步骤")
        if not mine:
            raise NotApprover("只有当前审批步骤的审批人（或其代理人）可以审批")
        if decision == "reject" and not comment:
            raise InvalidField("comment", "驳回须填写意见")
        decided = self._record(step, user_id, DECISIONS[decision], comment, now)
        while decided.status == STEP_APPROVED and (nxt := self._waiting()) is not None:
            delegate = self._delegate(nxt, delegations, powers)
            if (delegate or nxt.approver_id) != user_id:
                self._activate(nxt, now, delegate, timing)
                break
            # The same person next: they just approved this very version, so their
            # approval covers their next level too (nobody is asked twice in a row).
            if nxt.approver_id != user_id:
                nxt.delegated_from, nxt.approver_id = nxt.approver_id, user_id
            nxt.activated_at = now
            decided = self._record(nxt, user_id, STEP_APPROVED, comment, now)
        return step

    def may_decide(self, step: Step, user_id: str) -> bool:
        """The step's holder, or the approver who delegated it (back early: a delegation
        adds a decider, it does not take the step away from its approver). Never the
        deal's owner through `delegated_from` (a handover records the successor there when
        it moves their step up)."""
        return bool(user_id) and (user_id == step.approver_id or (
            user_id == step.delegated_from and user_id != self.owner_id))

    def _waiting(self) -> Step | None:
        return next((s for s in self.steps if s.status == WAITING), None)

    def _record(self, step: Step, user_id: str, status: str, comment: str,
                now: datetime) -> Step:
        step.status, step.comment = status, comment
        step.decided_by, step.decided_at = user_id, now
        final = status == STEP_REJECTED or self._waiting() is None
        if final:
            self.status = APPROVED if status == STEP_APPROVED else REJECTED
        self.events.append(ev.ApprovalDecided(step.position, user_id, status, comment,
                                              final, now, step.id))
        return step

    def delegate_pending(self, from_user: str, to_user: str, *, now: datetime,
                         timing: Timing) -> bool:
        """An approver going away hands their pending step over (recorded)."""
        step = self.pending_step()
        if (step is None or step.approver_id != from_user
                or to_user in (from_user, self.owner_id)):  # nobody approves their own
            return False
        step.delegated_from = step.delegated_from or from_user
        step.approver_id = to_user
        self._announce(step, now, timing)
        return True

    def move_held(self, for_user: str, to_user: str, *, now: datetime,
                  timing: Timing) -> bool:
        """An approver who names another delegate: the pending step a former delegate holds
        for them goes to the new one (announced afresh). Not a step of the owner's own deal
        (a handover records the successor as `delegated_from`), nor to the owner."""
        step = self.pending_step()
        if (step is None or step.delegated_from != for_user or for_user == self.owner_id
                or to_user in (step.approver_id, self.owner_id)):
            return False
        step.approver_id = to_user
        self._announce(step, now, timing)
        return True

    def return_held(self, approver: str, *, now: datetime, timing: Timing) -> bool:
        """The approver's delegation ended: the pending step a delegate holds for them is
        theirs again (announced to them, fresh reminder clock); the former delegate no
        longer decides it. A decided step stays decided; a handover's step (the owner's
        own deal) is no delegation's."""
        step = self.pending_step()
        if (step is None or step.delegated_from != approver or approver == self.owner_id
                or step.approver_id == approver):
            return False
        step.approver_id, step.delegated_from = approver, ""
        self._announce(step, now, timing)
        return True

    def _end_round(self, why: str) -> list[str]:
        """The open steps end (terms revised, the deal sent back, the contract void);
        returns the ids of those that were pending, whose approvers are told
        (ApprovalWithdrawn: their 「合同待您审批」 would otherwise ask for a 409)."""
        pending = [s.id for s in self.steps if s.status == STEP_PENDING]
        for step in self.steps:
            if step.status in (WAITING, STEP_PENDING):
                step.status = STEP_CANCELLED
        if pending:
            self.events.append(ev.ApprovalWithdrawn(tuple(pending), why))
        return pending

    def _delegate(self, step: Step, delegations: Mapping[str, str],
                  powers: Mapping[str, int] | None) -> str:
        """Who holds the step for its away approver; '' when nobody may (the owner, or a
        delegate short of the discount power the step needs)."""
        delegate = delegations.get(step.approver_id, "")
        if not delegate or delegate in (step.approver_id, self.owner_id):
            return ""
        power = (powers or {}).get(delegate, -1)
        return delegate if step.may_be_held_by(power) else ""

    def _activate(self, step: Step, now: datetime, delegate: str, timing: Timing) -> None:
        step.status, step.activated_at = STEP_PENDING, now
        if delegate:
            step.delegated_from, step.approver_id = step.approver_id, delegate
        self._announce(step, now, timing)

    def _announce(self, step: Step, now: datetime, timing: Timing) -> None:
        step.due_at = timing.after(now, timing.remind_after)
        self.events.append(ev.ApprovalRequested(
            step.id, step.position, step.approver_id, step.level, step.delegated_from,
            step.due_at, timing.after(now, timing.escalate_after), step.reason))
