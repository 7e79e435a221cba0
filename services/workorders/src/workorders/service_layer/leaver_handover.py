"""A leaver's live work orders change hands (POST /api/v1/admin/users/{id}/handover asks
this after leads' HandOverLeads and pipeline's HandOverOpportunities).

The orders the leaver requested get the successor (the deals' successor) as requester;
the ones they worked on go back to their department's queue, or to the successor when
they belong to that department (domain/handover.py). Closed and cancelled orders stay as
they are: history, and the KPIs already counted on them.

The successor is checked here, against the org directory, whoever calls (the same rule
as leads' and pipeline's handovers): they exist, are active, hold a sales role and are
not the leaver; otherwise INVALID_ARGUMENT on `to_user_id` before anything moves. The
directory down is UNAVAILABLE, nothing moved.

One transaction for all of the leaver's orders (a person has dozens, not thousands), with
one workorders.handed_over per order and part through the outbox. Idempotent on the
handover: the orders are locked and moved only while still the leaver's, so a retried or
concurrent run of the same handover moves nothing twice and counts 0 once done.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from servicekit.auth import Principal
from servicekit.errors import FieldError, PermissionDenied
from servicekit.uow import UnitOfWork

from workorders.adapters import deadlines_repo, repository
from workorders.domain.handover import REQUESTER, Handover, hand_over
from workorders.domain.model import ACCEPTED, IN_PROGRESS
from workorders.domain.text import printable
from workorders.service_layer import messages
from workorders.service_layer.deps import SOURCE, Deps

SUCCESSOR_ROLES = frozenset({"rep", "manager"})
MAX_REASON = 200


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


def _scope(principal: Principal) -> tuple[str, ...] | None:
    """Director, admin and a service token: every order; a manager: their regions' (the
    rule of leads' and pipeline's handovers); anyone else: refused."""
    if principal.role in ("director", "admin", "service"):
        return None
    if principal.role == "manager":
        return tuple(principal.region_ids)
    raise PermissionDenied("只有管理员、总监或离职人员的经理可以交接")


async def hand_over_work_orders(req: HandOverRequest, *, principal: Principal,
                                deps: Deps) -> Moved:
    regions = _scope(principal)
    handover = await _checked(req, deps)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        found = await repository.live_orders_of(uow.session, user_id=req.from_user_id,
                                                region_ids=regions)
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
    if not _an_id(req.to_user_id) or req.to_user_id == req.from_user_id:
        raise FieldError("to_user_id", "接手人须为另一位在岗的销售或经理")
    successor = await deps.org.person(req.to_user_id)
    if successor is None or not successor.active or successor.role not in SUCCESSOR_ROLES:
        raise FieldError("to_user_id", "接手人须为另一位在岗的销售或经理")
    return Handover(
        handover_id=req.handover_id, from_user_id=req.from_user_id,
        from_name=req.from_username or req.from_user_id, to_user_id=successor.id,
        to_name=successor.username or successor.display_name or successor.id,
        to_manager_id=successor.manager_id, to_department_id=successor.department_id,
        by_user_id=req.by_user_id, reason=reason, leaver_manager_id=req.leaver_manager_id)



def _an_id(text: str) -> bool:
    """Present, and nothing PostgreSQL text refuses (a NUL answered 502 elsewhere)."""
    return bool(text.strip()) and "\x00" not in text
