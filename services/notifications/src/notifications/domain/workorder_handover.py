"""What a leaver's moved work order (workorders.handed_over) asks of someone: the whole
count of orders a successor took is in the handover's one item (handover_notices.py);
here are the items for people who must act on one order, or talk to someone else now.

- requester part: the order's department side (its assignee, else the supervisor) hears
  whom to talk to now; a delivered order waits for the successor's review, which they
  hear about apart from their count (it is work with a deadline, not news).
- assignee part back in the queue (no successor): the department's supervisor assigns it
  (unless they are the leaver's manager, whose one handover item says it and links there).
- assignee part to a successor: their count says it; nobody else must act.
Never the handover's actor, never the leaver. Pure; no I/O."""

from __future__ import annotations

from typing import Any

from notifications.domain.notices import Notice, Worded
from notifications.domain.workorder_refs import base, department_side, link, people

STATES = {"open": Worded("待接单", {"en": "waiting to be accepted"}),
          "accepted": Worded("已接单", {"en": "accepted"}),
          "in_progress": Worded("处理中", {"en": "in progress"}),
          "delivered": Worded("已交付待验收", {"en": "delivered, awaiting review"})}
REQUESTER, ASSIGNEE = "requester", "assignee"


def handed_over(e: Any) -> list[Notice]:
    if e.part == REQUESTER and e.to_user_id:
        return [*_review(e), *_whom_to_talk_to(e)]
    if e.part == ASSIGNEE and not e.to_user_id:
        return _back_in_queue(e)
    return []


def _review(e: Any) -> list[Notice]:
    if e.ref.state != "delivered":
        return []
    return _notice("workorder_review_handed_over", e, [e.to_user_id])


def _whom_to_talk_to(e: Any) -> list[Notice]:
    return _notice("workorder_requester_changed", e,
                   [u for u in department_side(e.ref) if u != e.to_user_id])


def _back_in_queue(e: Any) -> list[Notice]:
    """Not to the leaver's manager: their handover line counts the order, links to it
    and asks for an assignee (handover_notices), one item however many orders."""
    return _notice("workorder_back_in_queue", e, [u for u in department_side(e.ref)
                                                  if u != e.leaver_manager_id])


def _notice(kind: str, e: Any, to: list[str]) -> list[Notice]:
    users = tuple(dict.fromkeys(u for u in to
                                if u and u not in (e.by_user_id, e.from_user_id)))
    if not users:
        return []
    state = STATES.get(e.ref.state, Worded(e.ref.state or "-"))
    params = base(e.ref) | {"from_name": e.from_username or "-", "to_name": e.to_username or "-",
                            "state": state}
    return [Notice(kind, params, link(e.ref), users=users,
                   people=people(e.ref, from_name=e.from_user_id, to_name=e.to_user_id))]


BY_TYPE = {"workorders.handed_over": handed_over}
