"""Notices of what passes between a work order's requester and the department once the
order is out: accepted, progress, comments, the review of a delivery, a cancellation, a
handover to another engineer. Each goes to the other side, never to the person whose own
step it was. Pure; no I/O."""

from __future__ import annotations

from typing import Any

from notifications.domain.notices import Notice, Worded
from notifications.domain.workorder_refs import (
    base,
    department_side,
    excerpt,
    link,
    people,
    told,
)

# Who acted, when an event from before it said so: the text still reads.
SOMEONE = Worded("有人", {"en": "Someone"})


def accepted(e: Any) -> list[Notice]:
    """The requester: who took the order, and by when it is due."""
    ref = e.ref
    return [Notice("workorder_accepted", base(ref), link(ref),
                   users=told([ref.requester_id], ref.assignee_id), people=people(ref))]


def progress_posted(e: Any) -> list[Notice]:
    """The requester, once per post: what the engineer reports is what they wait for
    (a post is what a requester would otherwise ask for over WeChat)."""
    return _said("workorder_progress", e, [e.ref.requester_id])


def commented(e: Any) -> list[Notice]:
    """The other side of the order: the requester's comment to whoever answers for the
    department (its assignee, else its supervisor); the assignee's to the requester; anyone
    else's (a supervisor, a manager) to both."""
    ref, author = e.ref, e.by_user_id
    if author == ref.requester_id:
        to = list(department_side(ref))
    elif author == ref.assignee_id:
        to = [ref.requester_id]
    else:
        to = [ref.requester_id, ref.assignee_id]
    return _said("workorder_commented", e, to)


def _said(kind: str, e: Any, to: list[str]) -> list[Notice]:
    params = base(e.ref) | {"by": e.by_user_id or SOMEONE, "text": excerpt(e.text) or "-"}
    return [Notice(kind, params, link(e.ref), users=told(to, e.by_user_id),
                   people=people(e.ref, by=e.by_user_id))]


def reviewed(e: Any) -> list[Notice]:
    """The engineer whose delivery was reviewed: a rejection with its reason (they have
    work to redo), an acceptance (the order is closed). The requester too when someone
    else reviewed for them (a director)."""
    ref, by = e.ref, e.by_user_id
    to = [*department_side(ref), ref.requester_id if by else ""]
    params = base(ref) | {"by": by or SOMEONE}
    if e.accepted:
        kind = "workorder_review_accepted"
        params |= {"note": Worded(f"验收意见：{e.reason}。", {"en": f" Note: {e.reason}."})
                   if e.reason else Worded(""),
                   "first_pass": Worded("（一次通过）", {"en": " first time"})
                   if e.first_pass else Worded("")}
    else:
        kind = "workorder_rejected"
        params["reason"] = e.reason or "-"
    return [Notice(kind, params, link(ref), users=told(to, by), people=people(ref, by=by))]


def cancelled(e: Any) -> list[Notice]:
    """Whoever works on it (the assignee; the department's supervisor while nobody is
    assigned) stops; the requester hears when someone else cancelled their order."""
    ref, by = e.ref, e.by_user_id
    to = [*department_side(ref), ref.requester_id if by else ""]
    params = base(ref) | {"by": by or SOMEONE, "reason": e.reason or "-"}
    return [Notice("workorder_cancelled", params, link(ref), users=told(to, by),
                   people=people(ref, by=by))]


def reassigned(e: Any) -> list[Notice]:
    """An order already accepted or in progress handed to another engineer: they carry
    on where it stands (there is nothing left to accept)."""
    ref = e.ref
    return [Notice("workorder_reassigned", base(ref), link(ref),
                   users=told([ref.assignee_id], e.by_user_id), people=people(ref)),
            *taken_from(e)]


def taken_from(e: Any) -> list[Notice]:
    """The engineer an order was taken from, so they stop working on it."""
    previous = e.previous_assignee_id
    if not previous or previous == e.ref.assignee_id:
        return []
    params = base(e.ref) | {"by": e.by_user_id or SOMEONE}
    return [Notice("workorder_handed_off", params, link(e.ref),
                   users=told([previous], e.by_user_id),
                   people=people(e.ref, by=e.by_user_id))]


BY_TYPE = {
    "workorders.accepted": accepted,
    "workorders.progress_posted": progress_posted,
    "workorders.commented": commented,
    "workorders.reviewed": reviewed,
    "workorders.cancelled": cancelled,
}
