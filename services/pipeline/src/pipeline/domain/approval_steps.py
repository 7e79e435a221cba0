"""What a contract's approval round is made of: its steps and their statuses, how long
a pending step waits before reminders, and the refusal of someone who may not decide.
Pure; no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from servicekit.workcal.hours import WorkingCalendar, add_working_time

WAITING, STEP_PENDING, STEP_APPROVED, STEP_REJECTED = "waiting", "pending", "approved", "rejected"
STEP_CANCELLED = "cancelled"


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
    reason: str = ""               # zh-CN, why this step is asked (a discount, say)
    discount_bp: int = 0           # the discount it answers for (Assignee.discount_bp)

    def may_be_held_by(self, power_bp: int) -> bool:
        """Whether someone who may approve discounts up to `power_bp` (-1: none) may hold
        this step for its approver: the rule that picked the approver binds the delegate."""
        return self.discount_bp <= 0 or power_bp >= self.discount_bp
