"""What a due clock row does (servicekit.scheduler claims it with SKIP LOCKED): remind
that a response or delivery is due soon, escalate a missed one one level, or remind an
assignee who posted no progress for a working day. A row whose clock has stopped
(accepted, delivered, closed) does nothing. Whom it tells is the chain as it stands now
(chain_people.py), not as it was when the order was opened."""

from __future__ import annotations

from typing import Any

from servicekit.uow import UnitOfWork

from workorders.adapters import deadlines_repo, repository
from workorders.domain.chain import DUE_SOON, PROGRESS
from workorders.domain.model import LIVE
from workorders.service_layer import messages
from workorders.service_layer.chain_people import current_chain
from workorders.service_layer.deps import Deps


async def fire(uow: UnitOfWork, row: Any, deps: Deps) -> None:
    order = await repository.get(uow.session, order_id=str(row.work_order_id),
                                 for_update=True)
    if order is None:
        return
    now = deps.clock()
    # Before it names anyone: people who left are replaced by who holds their place now.
    away = await current_chain(order, deps.org) if order.state in LIVE else frozenset()
    if row.clock == PROGRESS:
        if await deadlines_repo.superseded(uow.session, order.id, ref_at=row.ref_at,
                                           row_id=row.id):
            return
        if not order.remind_progress(row.ref_at, now, away):
            return
        # Still nothing: ask again at the end of the next working day.
        worktime = await deps.worktime(uow.session, now)
        await deadlines_repo.add_progress_check(uow.session, order.id, since=row.ref_at,
                                                due_at=worktime.next_progress_due(now))
    elif row.clock in DUE_SOON:
        if not order.remind_due(row.clock, now, away):
            return
    elif not order.escalate(row.level, row.clock, now, away):
        return
    await repository.save(uow.session, order)
    messages.publish(uow, order)
