"""Opening a follow-up of a closed or cancelled order (domain/follow_up.py): whoever may
read the original — its requester, their manager, the director, the department's members —
opens one with its own need; it goes to the same department's queue unassigned, linked
both ways, with the caller as requester. `workorders.created` carries `follow_up_of`, so
the original's assignee of record hears that the work goes on.

The region is the original's (the same customer and deal, overseen by the same
managers), not the caller's. A member of the department may open one although an order
to one's own department is refused otherwise: that rule keeps a request out of a queue
that would read it company-wide, and the original already sat in this queue.
"""

from __future__ import annotations

from datetime import timedelta

from servicekit.errors import Conflict
from servicekit.idempotency import fingerprint
from servicekit.uow import UnitOfWork

from workorders.domain import follow_up
from workorders.domain.access import Actor
from workorders.domain.follow_up import FollowUpAsk
from workorders.service_layer import departments
from workorders.service_layer.deps import SOURCE, Deps
from workorders.service_layer.errors import domain_errors
from workorders.service_layer.ordering import keyed, open_order
from workorders.service_layer.reading import visible


async def open_follow_up(original_id: str, ask: FollowUpAsk, actor: Actor, key: str,
                         deps: Deps) -> str:
    """The follow-up's id; the same Idempotency-Key (per person, shared with creating an
    order) returns the first one, or is 422 naming it when it asked for something else."""
    now = deps.clock()
    async with deps.sessions() as session:
        original = await visible(session, original_id, actor)
        worktime = await deps.worktime(session, now)
    with domain_errors():
        new = follow_up.new_order(original, ask, now=now, default_due=worktime.later(
            now, timedelta(hours=deps.auto_due_hours)))
    dept = (await deps.org.departments()).get(new.department)
    if dept is None or dept.retired:
        raise Conflict("原工单的部门已不存在或已撤销，请新建工单并选择部门")
    if dept.sales:  # an order from before 销售部 took none, or before it was made one
        raise Conflict(departments.not_sales(dept))
    requester = await deps.org.person(actor.user_id)
    director = await deps.org.director_id(dept.supervisor_id)
    # As for a create: what was asked, not the due time a client may recompute per retry.
    asked = fingerprint("follow_up", original.id, new.title, new.need,
                        new.acceptance_standard)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if found := await keyed(uow, actor, key, asked):
            return found
        order_id = await open_order(
            uow, deps, new, dept, requester_id=actor.user_id,
            manager_id=requester.manager_id if requester else "",
            region_id=original.region_id, director_id=director, automatic=False,
            key=key or None, asked=asked, origin=follow_up.origin(original))
        await uow.commit()
    return order_id
