"""A follow-up order: how a closed or cancelled order is carried on. Pure.

A finished order is never reopened (a product decision) and takes no more notes or files
(model.WorkOrder.require_writable). Whoever could see it and still needs something opens
a follow-up instead: the same department and deal, its own need, due time and clocks, the
caller as requester, and a link both ways. On an order still live the answer is a comment
on it, not a second order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workorders.domain import creation
from workorders.domain.creation import MAX_TITLE, NewOrder
from workorders.domain.errors import TransitionRefused
from workorders.domain.events import Origin
from workorders.domain.model import ENDED, STATE_ZH, WorkOrder
from workorders.domain.text import printable

PREFIX = "跟进："


@dataclass(frozen=True)
class FollowUpAsk:
    """What the caller asked: the need is required; the rest defaults from the original
    (the title prefixed 跟进：, its acceptance standard) or, for the due time, from the
    service's usual allowance."""

    need: str
    title: str = ""
    acceptance_standard: str = ""
    due_at: datetime | None = None


def default_title(original_title: str) -> str:
    """「跟进：<title>」, once: a follow-up of a follow-up does not read 跟进：跟进：."""
    title = original_title if original_title.startswith(PREFIX) else PREFIX + original_title
    return title[:MAX_TITLE]


def new_order(original: WorkOrder, ask: FollowUpAsk, *, now: datetime,
              default_due: datetime) -> NewOrder:
    """The follow-up's fields, checked like any new order's (422 naming the field)."""
    if original.state not in ENDED:
        raise TransitionRefused(
            f"工单仍在进行中（当前：{STATE_ZH[original.state]}），"
            "请直接在该工单上留言，无需发起跟进工单")
    title = printable(ask.title).strip() or default_title(original.title)
    standard = printable(ask.acceptance_standard).strip() or original.acceptance_standard
    return creation.checked(NewOrder(
        title=title, need=ask.need, acceptance_standard=standard,
        department=original.department, due_at=ask.due_at or default_due,
        opportunity_id=original.opportunity_id), now=now)


def origin(original: WorkOrder) -> Origin:
    return Origin(original.id, original.title, original.assignee_id, original.state,
                  original.requester_id)
