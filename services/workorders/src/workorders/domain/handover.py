"""A leaver's part in a live work order changes hands (service_layer/leaver_handover.py).
Pure.

What the leaver REQUESTED goes to the successor, who now reviews the delivery and hears
the department's comments; the order's requester-side manager (level 2 of the chain, in
copy) becomes the successor's. What the leaver WORKED ON (assignee) does not follow them
to a salesperson: it goes back to the department's queue, unassigned, state kept (an
accepted or in-progress order waits for the supervisor to assign it; an open one may be
taken by any member), unless the successor belongs to that department (a non-sales
leaver may have none: everything they worked on goes back). Each change is one
line of the order's log and one HandedOver event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workorders.domain import events
from workorders.domain.model import LIVE, Entry, WorkOrder

REQUESTER, ASSIGNEE = "requester", "assignee"


@dataclass(frozen=True)
class Handover:
    """Who leaves, who succeeds (as the org directory knows them), who says so, why."""

    handover_id: str
    from_user_id: str
    from_name: str
    to_user_id: str
    to_name: str
    to_manager_id: str
    to_department_id: str
    by_user_id: str
    reason: str = ""
    leaver_manager_id: str = ""

    @property
    def why(self) -> str:
        return f"（{self.reason}）" if self.reason else ""


def hand_over(order: WorkOrder, h: Handover, now: datetime) -> list[str]:
    """The parts of the order that changed hands: `requester`, then `requeued` or
    `reassigned` for the assignee's; none for a closed or cancelled order."""
    if order.state not in LIVE:
        return []
    done = []
    if order.requester_id == h.from_user_id:
        order.requester_id, order.requester_manager_id = h.to_user_id, h.to_manager_id
        _log(order, h, f"离职交接：发起人由 {h.from_name} 交接给 {h.to_name}{h.why}", now)
        order.events.append(_event(h, REQUESTER, h.to_user_id, now))
        done.append(REQUESTER)
    if order.assignee_id == h.from_user_id:
        ours = bool(h.to_department_id) and h.to_department_id == order.department_id
        order.assignee_id = h.to_user_id if ours else ""
        if not ours:  # the supervisor's list of what this leaver left (requeued_from)
            order.requeued_from = h.from_user_id
        dept = order.department_name or order.department
        _log(order, h, f"离职交接：处理人由 {h.from_name} 交接给 {h.to_name}{h.why}" if ours
             else f"离职交接：处理人 {h.from_name} 离开，工单退回{dept}待指派{h.why}", now)
        order.events.append(_event(h, ASSIGNEE, order.assignee_id, now))
        done.append("reassigned" if ours else "requeued")
    return done


def _log(order: WorkOrder, h: Handover, text: str, now: datetime) -> None:
    order.entries.append(Entry("state", h.by_user_id, text, now, order.state, order.state))


def _event(h: Handover, part: str, to_user: str, now: datetime) -> events.HandedOver:
    return events.HandedOver(h.handover_id, part, h.from_user_id, h.from_name, to_user,
                             h.to_name if to_user else "", h.by_user_id, h.reason,
                             h.leaver_manager_id, now)
