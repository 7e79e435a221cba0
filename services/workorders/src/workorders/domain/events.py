"""What a work order raises; the service layer turns each into a workorders.* event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Origin:
    """The closed or cancelled order a follow-up carries on, as the created event names
    it: its assignee of record hears that the work goes on, and its requester when
    someone else (the engineer, a manager) opened the follow-up."""

    work_order_id: str
    title: str
    assignee_id: str
    state: str
    requester_id: str = ""


@dataclass(frozen=True)
class Created:
    at: datetime
    follow_up_of: Origin | None = None


@dataclass(frozen=True)
class Assigned:
    by: str
    at: datetime
    previous: str = ""  # whom a reassignment took it from: they must hear of it


@dataclass(frozen=True)
class Accepted:
    at: datetime
    response_seconds: int
    on_time: bool


@dataclass(frozen=True)
class ProgressPosted:
    by: str
    text: str
    at: datetime


@dataclass(frozen=True)
class Commented:
    by: str
    text: str
    at: datetime


@dataclass(frozen=True)
class Reminded:
    reason: str  # no_progress | response_due | delivery_due
    at: datetime
    notify_ids: tuple[str, ...] = ()  # who must act (WorkOrder.notify_for level 1)


@dataclass(frozen=True)
class Escalated:
    level: int
    clock: str  # response | delivery
    notify_ids: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class Delivered:
    at: datetime
    on_time: bool


@dataclass(frozen=True)
class Reviewed:
    accepted: bool
    reason: str
    first_pass: bool
    at: datetime
    by: str = ""


@dataclass(frozen=True)
class Closed:
    cancelled: bool
    reason: str
    at: datetime
    by: str = ""


@dataclass(frozen=True)
class HandedOver:
    """A leaver's part in the order changed hands (domain/handover.py)."""

    handover_id: str
    part: str  # requester | assignee
    from_user: str
    from_name: str
    to_user: str  # "": back in the department's queue
    to_name: str
    by: str
    reason: str
    leaver_manager_id: str
    at: datetime


Event = (Created | Assigned | Accepted | ProgressPosted | Commented | Reminded | Escalated
         | Delivered | Reviewed | Closed | HandedOver)

