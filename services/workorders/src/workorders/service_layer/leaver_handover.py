"""A leaver's live work orders change hands (POST /api/v1/admin/users/{id}/handover asks
this after leads' HandOverLeads and pipeline's HandOverOpportunities).

The orders the leaver requested get the successor (the deals' successor) as requester;
the ones they worked on go back to their department's queue, or to the successor when
they belong to that department (domain/handover.py). Closed and cancelled orders stay as
they are: history, and the KPIs already counted on them.

The successor is checked here, against the org directory, whoever calls: they exist, are
active, are not the leaver, and hold a sales role (the rule of leads' and pipeline's
handovers, which a sales leaver must pass too). A leaver outside sales (an engineer,
finance, delivery) owns no leads or deals, only orders, so for them the successor may
also be another active member of their own department (who carries their orders on), a
peer (a director leaving: another active director; an admin: another admin, whatever
their department), or none at all: every order they worked on goes back to its
department's queue. Without a
successor, orders the leaver requested would have nobody to review them, so they refuse
the handover until one is named. Any refusal is INVALID_ARGUMENT on `to_user_id` before
anything moves. The directory down is UNAVAILABLE, nothing moved.

One transaction for all of the leaver's orders (a person has dozens, not thousands), with
one workorders.handed_over per order and part through the outbox. Idempotent on the
handover: the orders are locked and moved only while still the leaver's, so a retried or
concurrent run of the same handover moves nothing twice and counts 0 once done.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from servicekit.auth import Principal
from servicekit.errors import FieldError
from servicekit.scope import handover_scope
from servicekit.uow import UnitOfWork

from workorders.adapters import deadlines_repo, repository
from workorders.adapters.org import Person
from workorders.domain.handover import REQUESTER, Handover, hand_over
from workorders.domain.model import ACCEPTED, IN_PROGRESS, WorkOrder
from workorders.domain.text import printable
from workorders.service_layer import messages
from workorders.service_layer.deps import SOURCE, Deps

SALES_ROLES = frozenset({"rep", "manager"})
NOT_SALES = "接手人须为另一位在岗的销售或经理"
NOT_COLLEAGUE = ("接手人须为交出人部门的另一位在岗成员，或另一位在岗的销售或经理；"
                 "不指定接手人则其处理的工单退回部门待指派")
MAX_REASON = 200
# A director's or an admin's own peers may take over what they requested.
PEERS = {"director": "director", "admin": "admin"}


@dataclass(frozen=True)
class HandOverRequest:
    handover_id: str
    from_user_id: str
    from_username: str
    to_user_id: str
    by_user_id: str
    reason: str = ""
    leaver_manager_id: str = ""


@dataclass(frozen=True)
class Moved:
    requested: int = 0
    requeued: int = 0
    reassigned: int = 0



async def hand_over_work_orders(req: HandOverRequest, *, principal: Principal,
                                deps: Deps) -> Moved:
    regions = handover_scope(principal)
    handover = await _checked(req, deps)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        found = await repository.live_orders_of(uow.session, user_id=req.from_user_id,
                                                region_ids=regions)
        _someone_reviews(found, handover)
        now, moved = deps.clock(), Counter[str]()
        for order in found:
            parts = hand_over(order, handover, now)
            if "reassigned" in parts and order.state in (ACCEPTED, IN_PROGRESS):
                # the successor's daily-progress clock, as a supervisor's reassignment starts
                worktime = await deps.worktime(uow.session, now)
                await deadlines_repo.add_progress_check(
                    uow.session, order.id, since=now, due_at=worktime.next_progress_due(now))
            if parts:
                await repository.save(uow.session, order)
                messages.publish(uow, order)
            moved.update(parts)
        await uow.commit()
    return Moved(moved[REQUESTER], moved["requeued"], moved["reassigned"])


async def _checked(req: HandOverRequest, deps: Deps) -> Handover:
    """The successor as the directory knows them (OrgUnavailable when it cannot say)."""
    if not _an_id(req.from_user_id):
        raise FieldError("from_user_id", "须指定交出人")
    if not req.handover_id:
        raise FieldError("handover_id", "须指定交接编号")
    reason = printable(req.reason).strip()
    if len(reason) > MAX_REASON:
        raise FieldError("reason", f"不能超过 {MAX_REASON} 个字符")
    named = bool(req.to_user_id.strip())
    if (named and not _an_id(req.to_user_id)) or req.to_user_id == req.from_user_id:
        raise FieldError("to_user_id", NOT_SALES)
    successor = await deps.org.person(req.to_user_id) if named else None
    if successor is not None and successor.active and successor.role in SALES_ROLES:
        return _handover(req, reason, successor)
    leaver = await deps.org.person(req.from_user_id)
    if leaver is None or leaver.role in SALES_ROLES:  # their leads and deals need a seller
        raise FieldError("to_user_id", NOT_SALES)
    if not named:
        return _handover(req, reason, None)
    if successor is None or not successor.active:
        raise FieldError("to_user_id", NOT_COLLEAGUE)
    colleague = bool(leaver.department_id) and successor.department_id == leaver.department_id
    if not colleague and PEERS.get(leaver.role) != successor.role:
        raise FieldError("to_user_id", NOT_COLLEAGUE)
    return _handover(req, reason, successor)


def _handover(req: HandOverRequest, reason: str, successor: Person | None) -> Handover:
    to = successor or Person("", "", "", "", "", False)
    return Handover(
        handover_id=req.handover_id, from_user_id=req.from_user_id,
        from_name=req.from_username or req.from_user_id, to_user_id=to.id,
        to_name=to.username or to.display_name or to.id,
        to_manager_id=to.manager_id, to_department_id=to.department_id,
        by_user_id=req.by_user_id, reason=reason, leaver_manager_id=req.leaver_manager_id)


def _someone_reviews(found: list[WorkOrder], handover: Handover) -> None:
    """No successor: the live orders the leaver requested would wait for a review nobody
    may give, so the handover is refused (inside the transaction: nothing moved)."""
    if handover.to_user_id:
        return
    asked = sum(o.requester_id == handover.from_user_id for o in found)
    if asked:
        raise FieldError("to_user_id", f"交出人发起的 {asked} 个进行中的工单须有人接手验收："
                         "请指定其部门的另一位在岗成员，或一位在岗的销售或经理")


def _an_id(text: str) -> bool:
    """Present, and nothing PostgreSQL text refuses (a NUL answered 502 elsewhere)."""
    return bool(text.strip()) and "\x00" not in text
