"""A leaver's open deals go to their successor (POST /api/v1/admin/users/{id}/handover
orchestrates this and leads' HandOverLeads).

What moves: every open deal (not won or lost) and, with it, the leaver's contracts of that
deal that are not signed or void. Quotes carry no owner: they are the deal's and follow
it. Won and lost deals, and signed or void contracts, stay the leaver's (history, and the
incentives already scored on them).

A pending approval goes on as it was: its chain was sized by the deal's region and amount,
which a handover does not change, so its approvers, their deadlines and their reminders
stand; the successor can follow the round and sign once approved. One exception: a
successor who approves in that round (the region's manager taking over) would approve
their own contract, so those steps go to their manager (domain/handover_steps.py).
Work orders are not the pipeline's: the gateway's handover calls workorders'
HandOverWorkOrders after this, which makes the successor the requester.

The successor is checked here, against the org directory, whoever calls: they exist, are
active, hold a sales role (rep or manager) and are not the leaver; otherwise
INVALID_ARGUMENT on `to_user_id` before anything moves. The gateway checks the same, but a
partner's service token, or a bug upstream, must not hand deals to a stopped, finance or
unknown user. The directory down refuses the handover (UNAVAILABLE, nothing moved), and
the successor's name the events carry is the directory's, not the caller's. The successor
is recorded (`owner_successors`): a lost deal of the leaver reopened later goes to them.

Whose deals: a director's or admin's handover (or the gateway's service token) every open
deal of the leaver; a manager's his regions' deals, and all of the leaver's when the
leaver is one of his people (his regions' or his reports, as the org directory says): a
director may have given his rep a deal of another region, which he sees, and which would
otherwise stay with the leaver (as leads' handover does).

Batches of BATCH deals, each in its own transaction with one
pipeline.opportunities_handed_over (notifications tells the successor once). A re-run
moves what is left and counts 0 once done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from servicekit.auth import Principal
from servicekit.errors import FieldError
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import contracts_repo, handover_repo
from pipeline.domain.approval_steps import Timing
from pipeline.domain.contract_status import PENDING
from pipeline.domain.handover_steps import reroute_own_steps
from pipeline.service_layer import approving, reach
from pipeline.service_layer.contract_deps import Directory
from pipeline.service_layer.deps import SOURCE, Deps

BATCH = 200
SUCCESSOR_ROLES = frozenset({"rep", "manager"})
SUBJECT = "pipeline.opportunities_handed_over"
# The approval waits as of a moment (ContractDeps.timing_at: the working calendar).
TimingAt = Callable[[AsyncSession, datetime], Awaitable[Timing]]


@dataclass(frozen=True)
class HandOver:
    handover_id: str
    from_user_id: str
    from_username: str
    to_user_id: str
    to_username: str
    by_user_id: str
    reason: str = ""
    leaver_manager_id: str = ""


@dataclass(frozen=True)
class Moved:
    deals: int = 0
    contracts: int = 0



async def hand_over_opportunities(order: HandOver, *, principal: Principal, deps: Deps,
                                  directory: Directory, batch: int = BATCH,
                                  timing_at: TimingAt | None = None) -> Moved:
    """OrgUnavailable (a ConnectionError) when the directory cannot vouch for the
    successor now, DirectoryUnavailable when it cannot say who a manager caller's people
    are: nothing moved. A manager moves his regions' deals, and every open deal of a
    leaver who is one of his people (reach.leaver_regions: those in other regions too)."""
    regions = await reach.leaver_regions(order.from_user_id, principal, directory)
    order = await _checked_successor(order, directory)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:  # their lost deals, reopened
        await handover_repo.record_successor(uow.session, from_user_id=order.from_user_id,
                                             to_user_id=order.to_user_id, at=deps.clock())
        await uow.commit()
    total = Moved()
    while True:
        deals, contracts = await _one_batch(order, regions, deps, batch, timing_at)
        total = Moved(total.deals + deals, total.contracts + contracts)
        if not deals:  # one more look: a batch that lost deals to a racer was short
            return total


async def _checked_successor(order: HandOver, directory: Directory) -> HandOver:
    if not order.to_user_id or order.to_user_id == order.from_user_id:
        raise FieldError("to_user_id", "接手人须为另一位在岗的销售或经理")
    successor = await directory.person(order.to_user_id)
    if successor is None or not successor.active or successor.role not in SUCCESSOR_ROLES:
        raise FieldError("to_user_id", "接手人须为另一位在岗的销售或经理")
    return replace(order, to_username=successor.username)


async def _one_batch(order: HandOver, regions: tuple[str, ...] | None, deps: Deps,
                     batch: int, timing_at: TimingAt | None) -> tuple[int, int]:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        deals = await handover_repo.move_open_deals(
            uow.session, from_user_id=order.from_user_id, to_user_id=order.to_user_id,
            to_username=order.to_username, region_ids=regions, limit=batch)
        if not deals:
            return 0, 0
        contracts = await handover_repo.move_open_contracts(
            uow.session, deal_ids=deals, from_user_id=order.from_user_id,
            to_user_id=order.to_user_id)
        event = ev_pb2.OpportunitiesHandedOver(
            handover_id=order.handover_id, from_user_id=order.from_user_id,
            from_username=order.from_username, to_user_id=order.to_user_id,
            to_username=order.to_username, by_user_id=order.by_user_id, reason=order.reason,
            count=len(deals), opportunity_ids=deals, contract_ids=contracts,
            leaver_manager_id=order.leaver_manager_id)
        event.at.FromDatetime(deps.clock())
        uow.publish(event, type=SUBJECT, aggregate_id=order.handover_id)
        await _no_self_approval(uow, contracts, order.to_user_id, deps.clock(), timing_at)
        await uow.commit()
    return len(deals), len(contracts)


async def _no_self_approval(uow: UnitOfWork, contract_ids: list[str], successor_id: str,
                            now: datetime, timing_at: TimingAt | None) -> None:
    for contract_id in contract_ids:
        c = await contracts_repo.get(uow.session, contract_id=contract_id, for_update=True)
        if c is None or c.status != PENDING \
                or successor_id not in {s.approver_id for s in c.steps}:
            continue
        timing = await timing_at(uow.session, now) if timing_at else Timing()
        if reroute_own_steps(c, successor_id, now=now, timing=timing):
            await approving.save_and_publish(uow, c, now=now, timing=timing)
