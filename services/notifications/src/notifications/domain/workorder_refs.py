"""What every work-order notice takes from the event's WorkOrderRef: the parameters its
texts share, its link, who is who. Pure; no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from notifications.domain.notices import local_time, unique

# The event names departments by code; zh-CN readers read the org directory's name, which
# the ref carries since it had `department_name` (an event from before falls back here).
DEPARTMENTS = {"tech": ("技术部", "engineering"), "finance": ("财务部", "finance"),
               "delivery": ("交付部", "delivery")}
EXCERPT = 200  # a progress post or comment is quoted up to this; the order has it whole


def when(stamp: Any) -> datetime | None:
    return stamp.ToDatetime(tzinfo=UTC) if stamp.seconds or stamp.nanos else None


def base(ref: Any) -> dict[str, str]:
    zh, en = DEPARTMENTS.get(ref.department, (ref.department, ref.department))
    return {"title": ref.title or "-", "department": ref.department_name or zh,
            "department_en": en, "due": local_time(when(ref.due_at)),
            "assignee": ref.assignee_id or "未指派",
            "assignee_en": ref.assignee_id or "unassigned"}


def link(ref: Any) -> str:
    return f"/workorders/{ref.work_order_id}"


def people(ref: Any, **others: str) -> dict[str, str]:
    """Parameters holding user ids, shown by name (resolved by the service layer): the
    assignee, and e.g. `by=` the person who acted."""
    named = {"assignee": ref.assignee_id, "assignee_en": ref.assignee_id} \
        if ref.assignee_id else {}
    return named | {param: uid for param, uid in others.items() if uid}


def department_side(ref: Any) -> tuple[str, ...]:
    """Who answers for the order on the department's side: its assignee, else the
    department's supervisor, who assigns it (not the requester's manager, also in copy);
    the copy list for an event from before the ref named the supervisor."""
    return unique([ref.assignee_id or ref.supervisor_id]) or unique(list(ref.cc_ids))


def told(ids: Iterable[str], actor: str = "") -> tuple[str, ...]:
    """The recipients, once each, never the person whose own step this was."""
    return tuple(u for u in unique(list(ids)) if u != actor)


def excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"
