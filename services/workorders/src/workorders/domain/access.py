"""Who sees and who may act on a work order. Pure.

Department staff see their department's queue, requesters their own orders, managers
their regions', anyone in copy the orders they were copied on, director/admin all.

The requester of an order also reads its follow-ups, whoever opened them (the engineer, a
manager), and theirs in turn: the work they asked for goes on there. Reading one gives
them what any reader has (comments, attachments, a follow-up of it once it ends); its
steps (accept, review, cancel...) stay with its own requester, assignee and supervisor.
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
    # The requesters of the order this one follows up, and of the one that follows up...
    upstream_requester_ids: tuple[str, ...] = ()


def can_read(actor: Actor, order: Visibility) -> bool:
    if actor.sees_everything:
        return True
    if not actor.user_id:  # nobody in particular: "" would match an order nobody has taken
        return False  # as repository.visible_clause does
    if actor.user_id in (order.requester_id, order.assignee_id, *order.cc_ids):
        return True
    if actor.user_id in order.upstream_requester_ids:
        return True
    if actor.department_id and actor.department_id == order.department_id:
        return True
    return actor.role == "manager" and bool(order.region_id) \
        and order.region_id in actor.region_ids
