"""A new work order's fields, checked before anything is written. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from workorders.domain.errors import InvalidField
from workorders.domain.text import printable

MAX_TITLE, MAX_NEED = 200, 2000
# A request is work for the coming weeks; a due time years ahead is a typo (9999-12-31
# even overflowed the working calendar and answered 502).
MAX_AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class NewOrder:
    title: str
    need: str
    acceptance_standard: str
    department: str
    due_at: datetime | None
    assignee_id: str = ""
    opportunity_id: str = ""


def checked(order: NewOrder, *, now: datetime) -> NewOrder:
    need = _clean("need", order.need, MAX_NEED, required=True)
    title = _clean("title", order.title, MAX_TITLE) or need[:40]
    standard = _clean("acceptance_standard", order.acceptance_standard, MAX_NEED,
                      required=True)
    if not order.department.strip():
        raise InvalidField("department", "必填")
    if order.due_at is None:
        raise InvalidField("due_at", "必填")
    if order.due_at.tzinfo is None:
        raise InvalidField("due_at", "需要带时区的时间")
    if order.due_at <= now:
        raise InvalidField("due_at", "截止时间必须晚于现在")
    if order.due_at > now + MAX_AHEAD:
        raise InvalidField("due_at", "截止时间不能晚于一年以后")
    return NewOrder(title, need, standard, order.department.strip(), order.due_at,
                    order.assignee_id.strip(), order.opportunity_id.strip())


def _clean(field: str, value: str, limit: int, *, required: bool = False) -> str:
    text = printable(value).strip()
    if required and not text:
        raise InvalidField(field, "必填")
    if len(text) > limit:
        raise InvalidField(field, f"不能超过 {limit} 个字符")
    return text
