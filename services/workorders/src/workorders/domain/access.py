"""Who sees and who may act on a work order. Pure.

Department staff see their department's queue, requesters their own orders, managers
their regions', anyone in copy the orders they were copied on, director/admin all.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.auth import SEES_EVERYTHING

OVERSEERS = frozenset({"director", "admin"})


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: str
    region_ids: tuple[str, ...] = ()
    department_id: str = ""

    @property
    def sees_everything(self) -> bool:
        return self.role in SEES_EVERYTHING


@dataclass(frozen=True)
class Visibility:
    """The parties of one order, as `can_read` needs them."""

    requester_id: str
    assignee_id: str
    cc_ids: tuple[str, ...]
    department_id: str
    region_id: str


def can_read(actor: Actor, order: Visibility) -> bool:
    if actor.sees_everything:
        return True
    if actor.user_id in (order.requester_id, order.assignee_id, *order.cc_ids):
        return True
    if actor.department_id and actor.department_id == order.department_id:
        return True
    return actor.role == "manager" and bool(order.region_id) \
        and order.region_id in actor.region_ids
