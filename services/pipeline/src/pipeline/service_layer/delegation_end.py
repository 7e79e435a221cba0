"""A delegation ends (the approver ends it, or its `until` passes): the contract approval
steps the delegate holds for the approver and has not decided are the approver's again —
on their `awaiting=me`, announced to them (ApprovalRequested through the outbox, fresh
reminder clock, as when a step moves to another delegate), no longer the delegate's to
decide; and the waiting quote discounts the delegate held for them are no longer theirs
either (discount_holders). Before, they stayed with the delegate, who kept being reminded while the
approver, back, was told nothing.

`until` is otherwise enforced on read (delegations in force are those with `until > now`),
so its passing is a deadline row (`delegation_ends`, one per delegation set) fired by
the service's scheduler; a row whose delegation was extended meanwhile does nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from servicekit.scheduler import DueJob
from servicekit.uow import UnitOfWork

from pipeline.adapters import approval_repo, contracts_repo
from pipeline.adapters.contracts_orm import delegation_ends
from pipeline.service_layer import discount_holders
from pipeline.service_layer.approving import save_and_publish
from pipeline.service_layer.contract_deps import ContractDeps


async def give_back(uow: UnitOfWork, approver_id: str, *, now: datetime,
                    deps: ContractDeps) -> None:
    held = await contracts_repo.pending_steps_held_for(uow.session, user_id=approver_id)
    if not held:
        return
    timing = await deps.timing_at(uow.session, now)
    for contract_id in held:
        c = await contracts_repo.get(uow.session, contract_id=contract_id, for_update=True)
        if c and c.return_held(approver_id, now=now, timing=timing):
            await save_and_publish(uow, c, now=now, timing=timing)


def ends_job(deps: ContractDeps, *, interval_seconds: float) -> DueJob:
    async def fire(uow: UnitOfWork, row: Any) -> None:
        now = deps.base.clock()
        current = await approval_repo.delegation_of(uow.session, user_id=row.user_id)
        if current is not None and current.until > now:  # extended or set again
            return
        # its delegate held the approver's waiting discounts until now: theirs go
        ended = [approval_repo.stand_in_of(current)] \
            if current is not None and current.until >= row.due_at else []  # not ended by hand
        held = await discount_holders.snapshot(uow, deps.org, ended=ended)
        await give_back(uow, row.user_id, now=now, deps=deps)
        await discount_holders.announce(uow, held, org=deps.org, now=now)

    return DueJob(name="delegation_ends", table=delegation_ends, handler=fire,
                  interval_seconds=interval_seconds)
