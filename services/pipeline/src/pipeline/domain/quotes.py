"""A quote: one version of the price offered on a deal. Pure; no I/O.

States: draft → issued → accepted; a newer version makes a draft or issued one
`superseded` (an accepted one too, made while the deal is back in 方案设计). Approval of
the discount: `none` (within the author's limit), `pending` (waits for `approval_role`),
`approved`, `rejected`, `withdrawn` (superseded or lost). A pending or rejected draft
cannot be issued; only the current issued version can be accepted, and contracts are made
from accepted quotes. Repeating a move the quote already made changes nothing (retries
are safe) and returns False.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.pricing import APPROVER_ROLES, ROLE_LABELS, QuoteLine, Totals, may_approve

DRAFT, ISSUED, ACCEPTED, SUPERSEDED = "draft", "issued", "accepted", "superseded"
STATES = (DRAFT, ISSUED, ACCEPTED, SUPERSEDED)
STATE_LABELS = {DRAFT: "草稿", ISSUED: "已发出", ACCEPTED: "客户已接受",
                SUPERSEDED: "已被新版本取代"}
NONE, PENDING, APPROVED, REJECTED = "none", "pending", "approved", "rejected"
WITHDRAWN = "withdrawn"  # replaced by a newer version before anyone decided
APPROVALS = (NONE, PENDING, APPROVED, REJECTED, WITHDRAWN)
APPROVAL_LABELS = {NONE: "无需审批", PENDING: "待审批", APPROVED: "已批准", REJECTED: "已驳回",
                   WITHDRAWN: "已撤回"}
MAX_NOTE = 500


@dataclass
class Quote:
    id: str
    opportunity_id: str
    version: int
    lines: tuple[QuoteLine, ...]
    totals: Totals
    created_by: str
    created_at: datetime
    state: str = DRAFT
    approval: str = NONE
    approval_role: str = ""       # who must approve when `approval` is pending
    note: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None
    decision_comment: str = ""
    issued_by: str = ""
    issued_at: datetime | None = None
    accepted_by: str = ""
    accepted_at: datetime | None = None

    @classmethod
    def draft(cls, *, approval_role: str, note: str, **fields: object) -> Quote:
        note = " ".join(note.split())
        if len(note) > MAX_NOTE:
            raise InvalidField("note", f"备注不能超过 {MAX_NOTE} 个字符")
        quote = cls(note=note, **fields)  # type: ignore[arg-type]
        if approval_role:
            quote.approval, quote.approval_role = PENDING, approval_role
        return quote

    def decide_discount(self, *, approve: bool, comment: str, by: str, now: datetime) -> bool:
        decision = APPROVED if approve else REJECTED
        if self.approval == decision and self.decided_by == by:
            return False
        if self.approval in (APPROVED, REJECTED):
            # The approver and a delegate may both decide: the first decision counts.
            raise TransitionRefused(f"该折扣已{APPROVAL_LABELS[self.approval]}"
                                    "，以先做出的决定为准")
        if self.state == SUPERSEDED:
            raise TransitionRefused("报价已被新版本取代，无需审批")
        if self.state != DRAFT or self.approval != PENDING:
            raise TransitionRefused("该报价没有待审批的折扣")
        comment = " ".join(comment.split())
        if len(comment) > MAX_NOTE:
            raise InvalidField("comment", f"意见不能超过 {MAX_NOTE} 个字符")
        if not approve and not comment:
            raise InvalidField("comment", "驳回折扣须填写意见")
        self.approval, self.decided_by, self.decided_at = decision, by, now
        self.decision_comment = comment
        return True

    def lowest_approver(self, limits: dict[str, int]) -> str:
        """The lowest role whose limit reaches this discount; '' when none does."""
        return next((r for r in APPROVER_ROLES if self.totals.discount_bp <= limits.get(r, 0)),
                    "")

    def waiting_for(self, *, role: str, limits: dict[str, int],
                    stand_ins: tuple[str, ...] = ()) -> tuple[bool, str]:
        """A discount waiting for a decision, as `role` sees it: may they decide it (the
        rule `decide_discount` applies, so list and action agree), and who must act.
        Judged by today's limits, as the decision is. (False, '') when nothing waits.
        `stand_ins`: the names of the delegates holding it for away approvers
        (quote_delegates.standing_in), so the rep knows whom to ask."""
        if self.state != DRAFT or self.approval != PENDING:
            return False, ""
        if may_approve(self.totals.discount_bp, role=role, limits=limits):
            return True, "待您审批"
        lowest = self.lowest_approver(limits)
        if not lowest:
            return False, "超出现行审批权限"
        by = f"（由 {'、'.join(stand_ins)} 代理）" if stand_ins else ""
        return False, f"等待{ROLE_LABELS[lowest]}审批{by}"

    def issue(self, *, by: str, now: datetime) -> bool:
        if self.state == ISSUED:
            return False
        if self.state != DRAFT:
            raise TransitionRefused(f"报价{STATE_LABELS[self.state]}，不能发出")
        if self.approval == PENDING:
            raise TransitionRefused("折扣超出权限，须经审批后才能发出")
        if self.approval == REJECTED:
            raise TransitionRefused("折扣审批被驳回，请调整后新建报价版本")
        self.state, self.issued_by, self.issued_at = ISSUED, by, now
        return True

    def accept(self, *, by: str, now: datetime) -> bool:
        if self.state == ACCEPTED:
            return False
        if self.state != ISSUED:
            raise TransitionRefused("只有已发出的最新版本报价才能由客户接受")
        self.state, self.accepted_by, self.accepted_at = ACCEPTED, by, now
        return True

    def supersede(self, *, accepted_too: bool = False) -> bool:
        """A newer version replaces this one (a discount still waiting is withdrawn, so
        approvers' lists drop it); False when it was not live. `accepted_too`: the deal was
        sent back to redesign the solution, so even the accepted version gives way."""
        if self.state in (DRAFT, ISSUED) or (accepted_too and self.state == ACCEPTED):
            self.state = SUPERSEDED
            self.withdraw_discount()
            return True
        return False

    def reinstate_discount(self) -> bool:
        """The lost deal was reopened: a draft whose discount the loss withdrew waits for
        its approver again (a draft is only ever withdrawn by the loss: a newer version
        supersedes it first)."""
        if self.state != DRAFT or self.approval != WITHDRAWN:
            return False
        self.approval = PENDING
        return True

    def withdraw_discount(self) -> bool:
        """Nobody is to decide this discount any more (replaced, or the deal was lost)."""
        if self.approval != PENDING:
            return False
        self.approval = WITHDRAWN
        return True
