"""Notices from the work-order service's events (stream WORKORDERS)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from notifications.domain.notices import Notice, local_time, unique

DEPARTMENTS = {"tech": ("技术部", "engineering"), "finance": ("财务部", "finance"),
               "delivery": ("交付/发货", "delivery")}
REMINDER_REASONS = {"no_progress": ("今天还没有进展更新，请更新进展", "No progress update today"),
                    "response_due": ("工单即将超过响应时限，请尽快接单", "Response is due soon"),
                    "delivery_due": ("工单即将到期，请按时交付", "Delivery is due soon")}
CLOCKS = {"response": ("响应", "Response"), "delivery": ("交付", "Delivery")}


def _when(stamp: Any) -> datetime | None:
    return stamp.ToDatetime(tzinfo=UTC) if stamp.seconds or stamp.nanos else None


def _base(ref: Any) -> dict[str, str]:
    zh, en = DEPARTMENTS.get(ref.department, (ref.department, ref.department))
    return {"title": ref.title or "-", "department": zh, "department_en": en,
            "due": local_time(_when(ref.due_at)), "assignee": ref.assignee_id or "未指派",
            "assignee_en": ref.assignee_id or "unassigned"}


def _link(ref: Any) -> str:
    return f"/workorders/{ref.work_order_id}"


def _people(ref: Any) -> dict[str, str]:
    """The assignee is shown by name (resolved by the service layer)."""
    return {"assignee": ref.assignee_id, "assignee_en": ref.assignee_id} \
        if ref.assignee_id else {}


def created(e: Any) -> list[Notice]:
    """The assignee and both supervisors in copy; with nobody assigned yet, the copy list
    (the department's supervisors) is who must pick it up."""
    params = _base(e.ref) | {"need": e.need or "-", "acceptance": e.acceptance_standard or "-"}
    users = unique([e.ref.assignee_id, *e.ref.cc_ids])
    return [Notice("workorder_created", params, _link(e.ref), users=users,
                   people=_people(e.ref))]


def assigned(e: Any) -> list[Notice]:
    """The engineer the supervisor named: until now they first heard of it from a
    reminder or an escalation."""
    params = _base(e.ref) | {"respond_by": local_time(_when(e.respond_by))}
    return [Notice("workorder_assigned", params, _link(e.ref),
                   users=unique([e.ref.assignee_id]), people=_people(e.ref))]


def reminded(e: Any) -> list[Notice]:
    """The deadline quoted is the one the reminder is about: the response deadline for
    `response_due` (quoting the delivery due time told an engineer who had minutes to
    accept that they had days), the due time otherwise."""
    zh, en = REMINDER_REASONS.get(e.reason, (e.reason, e.reason))
    users = unique([e.ref.assignee_id]) or unique(list(e.ref.cc_ids))
    params = _base(e.ref) | {"reason": zh, "reason_en": en}
    if e.reason == "response_due" and (respond_by := _when(e.respond_by)) is not None:
        params["due"] = local_time(respond_by)
    return [Notice("workorder_reminded", params, _link(e.ref), users=users,
                   people=_people(e.ref))]


def escalated(e: Any) -> list[Notice]:
    """Whom the chain names; a level-2 step that names nobody goes to the requester's and
    the assignee's managers. Level 2 and up are urgent (pushed in quiet hours too)."""
    zh, en = CLOCKS.get(e.clock, (e.clock, e.clock))
    params = _base(e.ref) | {"level": str(e.level), "clock": zh, "clock_en": en}
    users = unique(list(e.notify_ids)) or (unique([e.ref.assignee_id]) if e.level <= 1 else ())
    managers = () if users else unique([e.ref.requester_id, e.ref.assignee_id])
    return [Notice("workorder_escalated", params, _link(e.ref), users=users,
                   managers_of=managers, urgent=e.level >= 2,
                   people=_people(e.ref))]


def delivered(e: Any) -> list[Notice]:
    on_time = "（按时）" if e.on_time else "（已逾期）"
    params = _base(e.ref) | {"delivered_at": local_time(_when(e.delivered_at)),
                             "on_time": on_time}
    return [Notice("workorder_delivered", params, _link(e.ref),
                   users=unique([e.ref.requester_id]), people=_people(e.ref))]


BY_TYPE = {
    "workorders.created": created,
    "workorders.assigned": assigned,
    "workorders.reminded": reminded,
    "workorders.escalated": escalated,
    "workorders.delivered": delivered,
}
