"""Working an order: assign, accept, progress, comment, deliver, review, cancel.

Each step loads the order locked, lets the domain decide, saves the log and the clock
rows it needs, and stages its events, all in one transaction. A step retried with the
same Idempotency-Key by the same person answers the order as it is, without redoing it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import FieldError
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.uow import UnitOfWork

from workorders.adapters import chains_repo, deadlines_repo, repository
from workorders.domain import chain
from workorders.domain.access import Actor
from workorders.domain.chain import DELIVERY
from workorders.domain.model import ACCEPTED, IN_PROGRESS, LIVE, WorkOrder
from workorders.service_layer import messages
from workorders.service_layer.chain_people import current_chain
from workorders.service_layer.deps import SOURCE, Deps, WorkTime
from workorders.service_layer.errors import domain_errors
from workorders.service_layer.reading import reply, visible

WORKING = (ACCEPTED, IN_PROGRESS)
SUPERVISOR_STEPS = ("assign", "cancel")
Step = Callable[[WorkOrder, datetime, WorkTime], None]


async def act(order_id: str, action: str, actor: Actor, key: str, deps: Deps,
              step: Step, asked: tuple[object, ...] = ()) -> pb.WorkOrder:
    """`asked`: what the request asks beyond the order and the action (its text...), so
    the same key sent with other content is refused rather than answered as done."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        order = await visible(uow.session, order_id, actor, for_update=True)
        now = deps.clock()
        if key:
            mine = fingerprint(order.id, action, *asked)
            first = await repository.seen_request(uow.session, order_id=order.id,
                                                  by=actor.user_id, key=key, action=action,
                                                  request_hash=mine)
            check_same_request(stored=first, arriving=mine)
            if first is not None:
                return await reply(uow.session, order, now, actor)
        if action in SUPERVISOR_STEPS and order.state in LIVE \
                and actor.user_id != order.supervisor_id:
            # The stored supervisor may have left since the order was opened; their
            # successor takes the queue over at once, not at the order's next clock.
            await current_chain(order, deps.org)
        worktime = await deps.worktime(uow.session, order.created_at, now)
        with domain_errors():
            step(order, now, worktime)
        # The daily-progress clock (re)starts on accepting, on each update, when a
        # rejected delivery comes back to the assignee, and when work changes hands.
        if action in ("accept", "progress", "review", "assign") and order.state in WORKING:
            await deadlines_repo.add_progress_check(
                uow.session, order.id, since=now, due_at=worktime.next_progress_due(now))
        if action == "review" and order.state == IN_PROGRESS and now > order.due_at:
            await _rearm_delivery(uow, order, now, worktime, deps)
        await repository.save(uow.session, order)
        messages.publish(uow, order)
        await uow.commit()
        return await reply(uow.session, order, now, actor)


async def _rearm_delivery(uow: UnitOfWork, order: WorkOrder, now: datetime,
                          worktime: WorkTime, deps: Deps) -> None:
    """A delivery rejected after its due time: the delivery levels that came due while it
    sat delivered did nothing, so they run again from now (each level escalates once)."""
    levels = await deadlines_repo.swallowed_levels(uow.session, order.id, DELIVERY)
    if levels:
        rules, _, _ = await chains_repo.get(uow.session, order.department)
        step = timedelta(minutes=deps.demo_minutes) if deps.demo_minutes else None
        await deadlines_repo.add(uow.session, order.id, chain.rearmed(
            rules, levels, start=now, later=worktime.later, step=step))


async def assign(order_id: str, assignee_id: str, actor: Actor, key: str,
                 deps: Deps) -> pb.WorkOrder:
    person = await deps.org.person(assignee_id) if assignee_id else None
    if assignee_id and (person is None or not person.active):
        raise FieldError("assignee_id", "处理人不存在或已停用")

    def step(order: WorkOrder, now: datetime, _: WorkTime) -> None:
        if person is not None and person.department_id != order.department_id:
            raise FieldError("assignee_id", "处理人必须是目标部门的人员")
        order.assign(actor, assignee_id, now, person.display_name if person else "")

    return await act(order_id, "assign", actor, key, deps, step, (assignee_id,))


async def accept(order_id: str, actor: Actor, key: str, deps: Deps) -> pb.WorkOrder:
    return await act(order_id, "accept", actor, key, deps, lambda o, now, wt: o.accept(
        actor, now, response_seconds=wt.seconds(o.created_at, now)))


async def progress(order_id: str, text: str, actor: Actor, key: str,
                   deps: Deps) -> pb.WorkOrder:
    return await act(order_id, "progress", actor, key, deps,
                     lambda o, now, _: o.post_progress(actor, text, now), (text.strip(),))


async def comment(order_id: str, text: str, actor: Actor, key: str,
                  deps: Deps) -> pb.WorkOrder:
    return await act(order_id, "comment", actor, key, deps,
                     lambda o, now, _: o.comment(actor, text, now), (text.strip(),))


async def deliver(order_id: str, text: str, actor: Actor, key: str,
                  deps: Deps) -> pb.WorkOrder:
    return await act(order_id, "deliver", actor, key, deps,
                     lambda o, now, _: o.deliver(actor, text, now), (text.strip(),))


async def review(order_id: str, accept_it: bool, reason: str, actor: Actor, key: str,
                 deps: Deps) -> pb.WorkOrder:
    return await act(order_id, "review", actor, key, deps,
                     lambda o, now, _: o.review(actor, accept_it, reason, now),
                     (accept_it, reason.strip()))


async def cancel(order_id: str, reason: str, actor: Actor, key: str,
                 deps: Deps) -> pb.WorkOrder:
    return await act(order_id, "cancel", actor, key, deps,
                     lambda o, now, _: o.cancel(actor, reason, now), (reason.strip(),))
