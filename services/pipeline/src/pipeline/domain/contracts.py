"""The contract: versioned terms, an ordered approval chain, then the signature.

Status: draft → pending_approval → approved → signed, or → rejected (editing the terms
of a rejected contract makes a new version and a draft again; submitting starts a new
round of steps); any unsigned one → cancelled when its deal is lost. Changing the terms
of a submitted or approved contract makes it a draft again to be approved anew: what an
approver approved is what the customer signs. Steps are decided strictly in order; only
the pending step's approver (the delegate, when the step was delegated) may decide, and
nobody approves a contract of their own deal. Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from servicekit.workcal.hours import WorkingCalendar, add_working_time

from pipeline.domain import contract_events as ev
from pipeline.domain.approval_matrix import Assignee
from pipeline.domain.contract_terms import Terms
from pipeline.domain.errors import InvalidField, TransitionRefused

DRAFT, PENDING, APPROVED, REJECTED, SIGNED, CANCELLED = (
    "draft", "pending_approval", "approved", "rejected", "signed", "cancelled")
STATUS_LABELS = {DRAFT: "草稿", PENDING: "审批中", APPROVED: "已审批", REJECTED: "已驳回",
                 SIGNED: "已签署", CANCELLED: "已作废"}
WAITING, STEP_PENDING, STEP_APPROVED, STEP_REJECTED = "waiting", "pending", "approved", "rejected"
STEP_CANCELLED = "cancelled"
DECISIONS = {"approve": STEP_APPROVED, "reject": STEP_REJECTED}
MAX_COMMENT = 1000


class NotApprover(Exception):
    """The caller is not the pending step's approver (→ 403, nothing changed)."""


@dataclass(frozen=True)
class Timing:
    """How long a pending step waits before its approver is reminded, then escalated:
    working time on `calendar` (one and two working days by default), so a contract
    submitted on Friday evening is chased on Monday, not over the weekend. Without a
    calendar (unit tests), wall-clock time."""

    remind_after: timedelta = timedelta(hours=7.5)  # a working day: 9-12, 13:30-18
    escalate_after: timedelta = timedelta(hours=15)
    calendar: WorkingCalendar | None = None

    def after(self, now: datetime, wait: timedelta) -> datetime:
        return add_working_time(now, wait, self.calendar) if self.calendar else now + wait


@dataclass(frozen=True)
class Version:
    version: int
    terms: Terms
    created_by: str
    created_at: datetime


@dataclass
class Step:
    id: str
    round: int
    position: int
    level: str
    label: str
    approver_id: str
    escalate_to_id: str
    delegated_from: str = ""
    status: str = WAITING
    comment: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None
    activated_at: datetime | None = None
    due_at: datetime | None = None


@dataclass
class Contract:
    id: str
    opportunity_id: str
    quote_id: str
    owner_id: str
    region_id: str
    account_name: str
    title: str
    created_by: str
    created_at: datetime
    versions: list[Version]
    product_codes: tuple[str, ...] = ()
    status: str = DRAFT
    round: int = 0
    steps: list[Step] = field(default_factory=list)     # the latest round
    signed_at: datetime | None = None
    events: list[Any] = field(default_factory=list, compare=False)

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def amount_fen(self) -> int:
        return self.current.terms.price_fen

    def version(self, number: int, *, field: str = "against") -> Version:
        found = next((v for v in self.versions if v.version == number), None)
        if found is None:
            raise InvalidField(field, f"合同没有第 {number} 版")
        return found

    def revise(self, terms: Terms, *, by: str, now: datetime) -> bool:
        """A new version, a draft again; False when the terms equal the current ones (a
        retry). Until the customer signs, terms may change (customers negotiate after
        approval too): the round in progress, or the approval given, was for other terms,
        so its open steps end and the new version must be submitted again."""
        if self.status not in (DRAFT, REJECTED, PENDING, APPROVED):
            raise TransitionRefused(f"合同{STATUS_LABELS[self.status]}，不能修改条款")
        if terms == self.current.terms:
            return False
        for step in self.steps:
            if step.status in (WAITING, STEP_PENDING):
                step.status = STEP_CANCELLED
        self.versions.append(Version(self.current.version + 1, terms, by, now))
        self.status = DRAFT
        return True

    def submit(self, assignees: list[Assignee], *, new_id: Callable[[], str], now: datetime,
               delegations: Mapping[str, str], timing: Timing) -> bool:
        """False when already pending (a retried submission changes nothing)."""
        if self.status == PENDING:
            return False
        if self.status not in (DRAFT, REJECTED):
            raise TransitionRefused(f"合同{STATUS_LABELS[self.status]}，不能提交审批")
        self.round += 1
        self.steps = [Step(new_id(), self.round, i, a.level.code, a.level.label, a.approver_id,
                           a.escalate_to_id) for i, a in enumerate(assignees, start=1)]
        self.status = PENDING
        self._activate(self.steps[0], now, delegations, timing)
        return True

    def pending_step(self) -> Step | None:
        return next((s for s in self.steps if s.status == STEP_PENDING), None)

    def decide(self, user_id: str, decision: str, comment: str, *, now: datetime,
               delegations: Mapping[str, str], timing: Timing) -> Step | None:
        """The decided step; None when this person already made this decision in this
        round (a retried request changes nothing)."""
        if decision not in DECISIONS:
            raise InvalidField("decision", "decision 须为 approve 或 reject")
        step = self.pending_step()
        # A retry only when no step waits for this person: one who holds two levels (a
        # delegate who is also the next level) must still decide the later one.
        mine = step is not None and step.approver_id == user_id
        if not mine and any(s.decided_by == user_id and s.status == DECISIONS[decision]
                            for s in self.steps):
            return None
        comment = comment.strip()
        if len(comment) > MAX_COMMENT:
            raise InvalidField("comment", f"意见不能超过 {MAX_COMMENT} 个字符")
        if self.status != PENDING or step is None:
            raise TransitionRefused(f"合同{STATUS_LABELS[self.status]}，没有待审批的步骤")
        if not mine:
            raise NotApprover("只有当前审批步骤的审批人（或其代理人）可以审批")
        if decision == "reject" and not comment:
            raise InvalidField("comment", "驳回须填写意见")
        decided = self._record(step, user_id, DECISIONS[decision], comment, now)
        while decided.status == STEP_APPROVED and (nxt := self._waiting()) is not None:
            if delegations.get(nxt.approver_id, nxt.approver_id) != user_id:
                self._activate(nxt, now, delegations, timing)
                break
            # The same person next: they just approved this very version, so their
            # approval covers their next level too (nobody is asked twice in a row).
            if nxt.approver_id != user_id:
                nxt.delegated_from, nxt.approver_id = nxt.approver_id, user_id
            nxt.activated_at = now
            decided = self._record(nxt, user_id, STEP_APPROVED, comment, now)
        return step

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
                                              final, now))
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

    def cancel(self) -> list[str]:
        """The deal was lost: an unsigned contract is void (its open steps end, it can no
        longer be edited, submitted or signed). The ids of the steps that were pending."""
        if self.status in (SIGNED, CANCELLED):
            return []
        pending = [s.id for s in self.steps if s.status == STEP_PENDING]
        for step in self.steps:
            if step.status in (WAITING, STEP_PENDING):
                step.status = STEP_CANCELLED
        self.status = CANCELLED
        return pending

    def sign(self, document_sha256: str, signer_name: str, now: datetime) -> None:
        if self.status != APPROVED:
            raise TransitionRefused(f"合同{STATUS_LABELS[self.status]}，不能签署")
        self.status, self.signed_at = SIGNED, now
        self.events.append(ev.SignatureCompleted(document_sha256, signer_name, now))

    def _activate(self, step: Step, now: datetime, delegations: Mapping[str, str],
                  timing: Timing) -> None:
        step.status, step.activated_at = STEP_PENDING, now
        delegate = delegations.get(step.approver_id)
        if delegate and delegate not in (step.approver_id, self.owner_id):
            step.delegated_from, step.approver_id = step.approver_id, delegate
        self._announce(step, now, timing)

    def _announce(self, step: Step, now: datetime, timing: Timing) -> None:
        step.due_at = timing.after(now, timing.remind_after)
        self.events.append(ev.ApprovalRequested(
            step.id, step.position, step.approver_id, step.level, step.delegated_from,
            step.due_at, timing.after(now, timing.escalate_after)))
