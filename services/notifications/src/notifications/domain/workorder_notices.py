"""Notices from the work-order service's events (stream WORKORDERS): an order arriving,
being assigned, reminded and escalated, delivered. What happens between the requester and
the department on the way (accepted, progress, comments, reviews, cancellation, handing
the order to another engineer) is in workorder_followups.py."""

from __future__ import annotations

from typing import Any

from notifications.domain import workorder_followups as followups
from notifications.domain.notices import Notice, Worded, local_time, unique
from notifications.domain.workorder_refs import (
    base,
    department_side,
    excerpt,
    link,
    people,
    told,
    when,
)

REMINDER_REASONS = {"no_progress": ("今天还没有进展更新，请更新进展", "No progress update today"),
                    "response_due": ("工单即将超过响应时限，请尽快接单", "Response is due soon"),
                    "delivery_due": ("工单即将到期，请按时交付", "Delivery is due soon")}
CLOCKS = {"response": ("响应", "Response"), "delivery": ("交付", "Delivery")}


def created(e: Any) -> list[Notice]:
    """The assignee and both supervisors in copy; with nobody assigned yet, the copy list
    (the department's supervisors) is who must pick it up."""
    params = base(e.ref) | {"need": e.need or "-", "acceptance": e.acceptance_standard or "-"}
    users = unique([e.ref.assignee_id, *e.ref.cc_ids])
    return [Notice("workorder_created", params, link(e.ref), users=users,
                   people=people(e.ref)), *follow_up_opened(e)]


def follow_up_opened(e: Any) -> list[Notice]:
    """A follow-up of a closed or cancelled order: its assignee of record hears that the
    work goes on (they know the drawing and may well take the follow-up), and its
    requester when someone else opened it (the work they asked for goes on there; events
    from before `requester_id` tell the assignee only). Nobody hears of their own
    follow-up. Linked to the follow-up, where the work now is."""
    if not e.HasField("follow_up_of"):
        return []
    origin, by = e.follow_up_of, e.ref.requester_id
    params = base(e.ref) | {"original": origin.title or "-", "need": excerpt(e.need) or "-",
                            "by": by or followups.SOMEONE}
    readers = {origin.assignee_id: "workorder_follow_up_opened"}  # "": nobody took it
    readers.setdefault(origin.requester_id, "workorder_follow_up_of_yours")
    return [Notice(kind, params, link(e.ref), users=users, people=people(e.ref, by=by))
            for reader, kind in readers.items() if (users := told([reader], by))]


def assigned(e: Any) -> list[Notice]:
    """The engineer the supervisor named: until now they first heard of it from a
    reminder or an escalation. An order already accepted or in progress was handed over:
    its new engineer carries on (nothing left to accept), and the one it was taken from
    stops working on it."""
    if e.ref.state not in ("", "open"):
        return followups.reassigned(e)
    params = base(e.ref) | {"respond_by": local_time(when(e.respond_by))}
    return [Notice("workorder_assigned", params, link(e.ref),
                   users=told([e.ref.assignee_id], e.by_user_id), people=people(e.ref)),
            *followups.taken_from(e)]


def reminded(e: Any) -> list[Notice]:
    """The deadline quoted is the one the reminder is about: the response deadline for
    `response_due` (quoting the delivery due time told an engineer who had minutes to
    accept that they had days), the due time otherwise. Nobody assigned: the department's
    supervisor, who can assign it (the requester's manager in copy cannot accept it).
    Workorders names them (`notify_ids`) as the chain stands now: someone who left is
    replaced, a place nobody holds goes one level up; an event from before it named
    them goes by the ref."""
    zh, en = REMINDER_REASONS.get(e.reason, (e.reason, e.reason))
    users = unique(list(e.notify_ids)) or department_side(e.ref)
    params = base(e.ref) | {"reason": zh, "reason_en": en}
    if e.reason == "response_due" and (respond_by := when(e.respond_by)) is not None:
        params["due"] = local_time(respond_by)
    return [Notice("workorder_reminded", params, link(e.ref), users=users,
                   people=people(e.ref))]


def escalated(e: Any) -> list[Notice]:
    """Whom the chain names; a level-2 step that names nobody goes to the requester's and
    the assignee's managers. Level 2 and up are urgent (pushed in quiet hours too). The
    response clock quotes the response deadline it missed, not the delivery due time
    (`-` for an event from before it carried respond_by)."""
    zh, en = CLOCKS.get(e.clock, (e.clock, e.clock))
    params = base(e.ref) | {"level": str(e.level), "clock": zh, "clock_en": en}
    if e.clock == "response":
        params["due"] = local_time(when(e.respond_by))
    users = unique(list(e.notify_ids)) or (unique([e.ref.assignee_id]) if e.level <= 1 else ())
    managers = () if users else unique([e.ref.requester_id, e.ref.assignee_id])
    return [Notice("workorder_escalated", params, link(e.ref), users=users,
                   managers_of=managers, urgent=e.level >= 2,
                   people=people(e.ref))]


def delivered(e: Any) -> list[Notice]:
    """On time or late, worded per reader: an English text read 「（已逾期）」."""
    on_time = Worded("（按时）", {"en": " (on time)"}) if e.on_time \
        else Worded("（已逾期）", {"en": " (late)"})
    params = base(e.ref) | {"delivered_at": local_time(when(e.delivered_at)),
                            "on_time": on_time}
    return [Notice("workorder_delivered", params, link(e.ref),
                   users=unique([e.ref.requester_id]), people=people(e.ref))]


BY_TYPE = {
    "workorders.created": created,
    "workorders.assigned": assigned,
    "workorders.reminded": reminded,
    "workorders.escalated": escalated,
    "workorders.delivered": delivered,
} | followups.BY_TYPE
