"""What losing a deal does to its paperwork: an unsigned contract is void (status
`cancelled`) and a discount still waiting for a manager is withdrawn.

Without this a lost deal's contract stayed in approvers' to-do lists, kept reminding and
escalating, and the customer could still sign it through a link sent before, leaving a
signed contract on a deal that can never be won; its quote's discount stayed on the
manager's 待审批 list.

A deal whose contract the customer has signed is not lost at all (409 naming the
contract): the customer is bound, so the deal is won. The service has no way to terminate
a signed contract, so there is nothing to void first. The check runs under the
contract's row lock, so a signature landing while the deal is being lost is seen.
"""

from __future__ import annotations

from datetime import datetime

from servicekit.uow import UnitOfWork

from pipeline.adapters import contracts_repo, quotes_repo
from pipeline.domain.errors import TransitionRefused
from pipeline.domain.model import Opportunity
from pipeline.service_layer import contract_rounds, discount_messages


async def close(uow: UnitOfWork, opp: Opportunity, *, now: datetime) -> None:
    """Raises TransitionRefused (nothing written) when the deal's contract is signed."""
    await void_contract(uow, opp, now=now)
    for quote in await quotes_repo.live_of(uow.session, opportunity_id=opp.id):
        if quote.withdraw_discount():
            await quotes_repo.save(uow.session, quote)
            await discount_messages.withdrawn(uow, quote, why=discount_messages.LOST, now=now)


async def void_contract(uow: UnitOfWork, opp: Opportunity, *, now: datetime) -> None:
    latest = await contracts_repo.latest_of_deal(uow.session, opportunity_id=opp.id)
    if latest is None:
        return
    c = await contracts_repo.get(uow.session, contract_id=latest.id, for_update=True)
    assert c is not None
    if c.signed_at is not None:
        raise TransitionRefused(f"合同 {c.number} 已由客户签署，商机不能丢单；请推进至赢单")
    if c.status == "cancelled":
        return
    waiting = c.cancel()  # no reminder or escalation for a void contract
    await contracts_repo.save_status(uow.session, c)
    await contract_rounds.end_round(uow, c, step_ids=waiting, now=now, opp=opp)
