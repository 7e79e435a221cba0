"""Who may succeed a leaver (routes/user_handover.py), checked before anything moves.

A sales leaver (rep or manager) holds leads and deals, which leads and pipeline give only
to an active rep or manager: the successor must be one, sharing a region with the leaver
unless an admin or director says `cross_region`. Anyone else (engineer, finance,
delivery…) holds no lead or deal (leads are owned by reps and the managers they were
handed to, deals by their openers, rep or manager; approvers are managers, directors and
finance, whose pending steps no handover moves), only work orders: their successor may be
omitted (the orders they worked on go back to their departments' queues), an active
colleague of their own department (who carries those orders on), or still a rep or
manager as before, under the same region rule (who then gets the orders they requested,
and whatever leads or deals a former rep whose role changed still held). A director or an
admin leaving may also name a peer, whatever their department: another active director
(for a director) or admin (for an admin), who then requests and reviews the orders the
leaver requested; as with a colleague, only workorders is asked.
"""

from __future__ import annotations

import uuid

from servicekit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters import repository
from gateway.adapters.orm import User
from gateway.handover_schemas import HandoverRequest
from gateway.problems import FieldProblem, Problem, validation_problem

SALES_ROLES = frozenset({"rep", "manager"})
NOT_SALES = "接手人须为另一位在岗的销售或经理"
NOT_COLLEAGUE = ("接手人须为交出人部门的另一位在岗成员，或另一位在岗的销售或经理；"
                 "不指定接手人则其处理的工单退回部门待指派")
# Whom a leaver of this role may name beside colleagues and sellers: their own peers.
PEERS = {"director": "director", "admin": "admin"}
NOT_PEER = {role: f"接手人须为另一位在岗的{name}、交出人部门的另一位在岗成员，"
                  "或一位在岗的销售或经理"
            for role, name in (("director", "总监"), ("admin", "管理员"))}


async def person(session: AsyncSession, user_id: uuid.UUID) -> tuple[User, set[str]] | None:
    """The user and the regions they belong to (home and managed)."""
    user = await session.get(User, user_id)
    if user is None:
        return None
    managed = await repository.managed_region_ids(session, user_ids=[user.id])
    regions = {str(r) for r in managed.get(user.id, [])}
    return user, regions | ({str(user.region_id)} if user.region_id else set())


def _refused(message: str) -> Problem:
    return validation_problem([FieldProblem("to_user_id", message)])


async def successor_of(session: AsyncSession, body: HandoverRequest, caller: Principal,
                       leaver: User, regions: set[str]) -> User | None:
    """The successor, or None when a non-sales leaver's orders go back to the queues;
    422 naming `to_user_id` otherwise."""
    sales = leaver.role in SALES_ROLES
    if body.to_user_id is None:
        if sales:
            raise _refused(f"须指定接手人：{NOT_SALES}（交出人的线索和商机由其接手）")
        return None
    refusal = NOT_SALES if sales else NOT_PEER.get(leaver.role, NOT_COLLEAGUE)
    heir = await person(session, body.to_user_id)
    if heir is None or heir[0].id == leaver.id or not heir[0].active:
        raise _refused(refusal)
    successor, successor_regions = heir
    if successor.role not in SALES_ROLES:
        colleague = bool(leaver.department_id) \
            and successor.department_id == leaver.department_id
        peer = PEERS.get(leaver.role) == successor.role
        if sales or not (colleague or peer):
            raise _refused(refusal)
        return successor
    if regions and not regions & successor_regions \
            and not (body.cross_region and caller.role in ("admin", "director")):
        raise _refused("接手人不在交出人的区域；跨区域交接须由管理员或总监确认 cross_region")
    return successor
