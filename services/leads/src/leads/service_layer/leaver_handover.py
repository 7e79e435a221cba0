"""A leaver's open leads go to their successor in one step (POST
/api/v1/admin/users/{id}/handover orchestrates this and pipeline's HandOverOpportunities).

Each lead moves the way a manager's reassign moves it (`Lead.reassign`): leads.reassigned
and leads.assigned for the new owner, so the first-contact clock starts afresh for a lead
still waiting for its first contact (the `leads-clock` consumer; a contacted lead has met
its clock and gets none). Their leads.assigned carry the handover's id, so notifications
tells the successor once, from the batch's leads.handed_over, not once per lead. Unlike a
single reassign, a handover does not count toward the successor's daily intake cap: those
leads are not new work arriving, and hundreds of them would close the successor's day.

Batches of BATCH leads, each in its own transaction with its events. A re-run (after one
service was down, or twice by mistake) moves what is left and counts 0 once done.

`hand_over_leads_by_rules` sends them back through the assignment rules instead, the
leaver left out (leaver_redistribution.py).

`hand_over_qualified_leads`, in either mode: the leaver's qualified leads follow their
deals to `to_user` (pipeline hands the deals to the same person), so the successor reads
the lead, its contact log and decision chain of the deal they now work. They move as the
open ones do (reason, leads.reassigned + leads.assigned with the handover's id, one
leads.handed_over per batch) but get no first-contact clock: they were contacted (the
clock starts only for an `assigned` lead). Disqualified and merged leads stay.

Reasons name people as the directory shows them (周婷), the login when it has no name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.auth import Principal
from servicekit.errors import FieldError, PermissionDenied
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork

from leads.adapters import handover_repo, repository
from leads.domain import events
from leads.domain.assignment import Candidate
from leads.domain.model import Lead
from leads.domain.normalise import InvalidField, free_text
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.leaver_redistribution import Redistributed, redistribute
from leads.service_layer.messages import publish_events
from leads.service_layer.rules_admin import DirectoryUnavailable

BATCH = 200
SUCCESSOR_ROLES = frozenset({"rep", "manager"})
SUBJECT = "leads.handed_over"


@dataclass(frozen=True)
class HandOver:
    handover_id: str
    from_user: Candidate
    to_user: Candidate
    by: Candidate
    reason: str = ""
    leaver_manager_id: str = ""

    @property
    def note(self) -> str:
        """The assignment reason each lead shows: 离职交接：由 X 转给 Y（原因）."""
        why = f"（{self.reason}）" if self.reason else ""
        return f"离职交接：由 {self.from_user.shown} 转给 {self.to_user.shown}{why}"


def _scope(principal: Principal) -> tuple[str, ...] | None:
    """Director, admin and the gateway's service token: every lead; a manager: the leads
    of their regions (the rule of a manager's reassign); anyone else: refused."""
    if principal.role in ("director", "admin", "service"):
        return None
    if principal.role == "manager":
        return principal.region_ids
    raise PermissionDenied("只有管理员、总监或离职人员的经理可以交接")


async def hand_over_leads(order: HandOver, *, principal: Principal, deps: Deps,
                          batch: int = BATCH) -> int:
    """How many open leads this run moved (0 when a previous run moved them all)."""
    regions = _scope(principal)
    reason = _reason(order)
    successor = await _checked_successor(order, deps)
    order = replace(order, reason=reason, to_user=successor,
                    from_user=await _named_leaver(order, deps))
    return await _move_all(order, regions, deps, batch, handover_repo.OPEN)


async def hand_over_qualified_leads(order: HandOver, *, principal: Principal, deps: Deps,
                                    tell_manager: bool = True, batch: int = BATCH) -> int:
    """How many qualified leads this run moved to `order.to_user` (the deals' successor);
    none without one. `tell_manager=False` (a rules handover): the leaver's manager hears
    of the rules' part only, whose summary names no successor."""
    if not order.to_user.user_id:
        return 0
    regions = _scope(principal)
    reason = _reason(order)
    successor = await _checked_successor(order, deps)
    order = replace(order, reason=reason, to_user=successor,
                    from_user=await _named_leaver(order, deps),
                    leaver_manager_id=order.leaver_manager_id if tell_manager else "")
    return await _move_all(order, regions, deps, batch, handover_repo.QUALIFIED)


async def _move_all(order: HandOver, regions: tuple[str, ...] | None, deps: Deps,
                    batch: int, statuses: tuple[str, ...]) -> int:
    moved = 0
    while True:
        found, count = await _one_batch(order, regions, deps, batch, statuses)
        moved += count
        if not found:  # a batch that lost every lead to a racer still looks again
            return moved


async def hand_over_leads_by_rules(order: HandOver, *, principal: Principal, deps: Deps,
                                   batch: int = BATCH) -> Redistributed:
    """The leaver's open leads back through the assignment rules, the leaver left out
    (leaver_redistribution); `order.to_user`, when given, is only checked here (the
    qualified leads go to them: hand_over_qualified_leads)."""
    regions = _scope(principal)
    order = replace(order, reason=_reason(order), from_user=await _named_leaver(order, deps))
    if order.to_user.user_id:  # the qualified leads' successor: refused before anything moves
        await _checked_successor(order, deps)
    return await redistribute(order, regions, deps, batch)


def _reason(order: HandOver) -> str:
    try:
        return free_text("reason", order.reason, max_length=200)
    except InvalidField as error:
        raise FieldError(error.field, error.message) from error


async def _checked_successor(order: HandOver, deps: Deps) -> Candidate:
    """Checked here whoever calls (the gateway checks too, but a partner's service token
    or a bug upstream must not hand leads to a stopped, finance or unknown user); named as
    the directory knows them, not as the caller wrote."""
    if not order.to_user.user_id:
        raise FieldError("to_user_id", "须指定接手人")
    if order.to_user.user_id == order.from_user.user_id:
        raise FieldError("to_user_id", "接手人不能是交出人本人")
    try:
        successor = await deps.org.get_user(order.to_user.user_id)
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织目录暂时不可用") from error
    if successor is None or not successor.active or successor.role not in SUCCESSOR_ROLES:
        raise FieldError("to_user_id", "接手人须为在岗的销售或经理")
    return Candidate(successor.id, successor.username, successor.display_name)


async def _named_leaver(order: HandOver, deps: Deps) -> Candidate:
    """The leaver with the directory's display name for the reasons (the directory knows
    deactivated people too); the login when it has none."""
    try:
        found = await deps.org.get_user(order.from_user.user_id)
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织目录暂时不可用") from error
    return replace(order.from_user, display_name=found.display_name if found else "")


async def _one_batch(order: HandOver, regions: tuple[str, ...] | None, deps: Deps,
                     batch: int, statuses: tuple[str, ...]) -> tuple[int, int]:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        ids = await handover_repo.open_lead_ids(uow.session, owner_id=order.from_user.user_id,
                                                region_ids=regions, limit=batch,
                                                statuses=statuses)
        if not ids:
            return 0, 0
        locked = await repository.get_many_for_update(uow.session, lead_ids=ids)
        # Asked again under the lock: a concurrent run or the owner may have moved one.
        leads = [lead for lead in locked if lead.owner_id == order.from_user.user_id
                 and lead.status in statuses]
        now = deps.clock()
        for lead in leads:
            _move(lead, order, now)
        await repository.save_assignments(uow.session, batch=leads)
        for lead in leads:
            publish_events(uow, lead)
        if leads:
            uow.publish(_summary(order, leads, now), type=SUBJECT,
                        aggregate_id=order.handover_id)
        await uow.commit()
    return len(ids), len(leads)


def _move(lead: Lead, order: HandOver, now: datetime) -> None:
    note = order.note
    lead.reassign(order.to_user, by=order.by, reason=note, now=now, qualified_too=True)
    lead.assignment_reason = note  # not "<who> 改派：…": the handover names both people
    # The reassign's codes would say a manager moved it; the handover's note says why.
    lead.events = [replace(e, reason=note, reasons=(), handover_id=order.handover_id)
                   if isinstance(e, events.LeadAssigned) else e for e in lead.events]


def _summary(order: HandOver, leads: list[Lead], now: datetime) -> events_pb2.LeadsHandedOver:
    message = events_pb2.LeadsHandedOver(
        handover_id=order.handover_id, from_user_id=order.from_user.user_id,
        from_username=order.from_user.username, to_user_id=order.to_user.user_id,
        to_username=order.to_user.username, by_user_id=order.by.user_id,
        reason=order.reason, count=len(leads), lead_ids=[lead.id for lead in leads],
        leaver_manager_id=order.leaver_manager_id)
    message.at.FromDatetime(now)
    return message
