"""What contracts tell the deal: the `contract_approved` gate of 签约, the signature the
move to won needs, and `pipeline.deal_won` with the signed contract's facts.

Choice (issue 4 leaves it open): a signed contract does not move the deal by itself; the
owner moves it to won (the 签约 sub-steps stay the owner's checklist), and the move is
refused until the customer has signed. DealWon follows its pipeline.stage_changed.
"""

from __future__ import annotations

import uuid

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import accounts_repo, contracts_repo
from pipeline.adapters.orm import opportunities as opps
from pipeline.domain.contracts import APPROVED, SIGNED
from pipeline.domain.model import Opportunity


async def contract_facts(session: AsyncSession, opp: Opportunity) -> dict[str, bool]:
    latest = await contracts_repo.latest_of_deal(session, opportunity_id=opp.id)
    status = latest.status if latest else ""
    return {"contract_approved": status in (APPROVED, SIGNED),
            "contract_signed": status == SIGNED}


async def take_signed_amount(uow: UnitOfWork, opp: Opportunity) -> None:
    """A won deal is worth what the customer signed: the contract's price may differ from
    the last quote issued (terms are negotiated after it), and lists, lost/won sums and
    pipeline.stage_changed must not keep the number nobody signed."""
    c = await contracts_repo.latest_of_deal(uow.session, opportunity_id=opp.id)
    if c is None or c.signed_at is None or c.amount_fen == opp.amount_fen:
        return
    opp.amount_fen = c.amount_fen
    await uow.session.execute(update(opps).where(opps.c.id == uuid.UUID(opp.id)).values(
        amount_fen=c.amount_fen))


async def publish_won(uow: UnitOfWork, opp: Opportunity, *, by_user_id: str = "") -> None:
    """`by_user_id`: who moved the deal to won; notifications does not tell them."""
    c = await contracts_repo.latest_of_deal(uow.session, opportunity_id=opp.id)
    if c is None or c.signed_at is None:  # the won gate makes this unreachable
        return
    account = await accounts_repo.get(uow.session, account_id=opp.account_id)
    won_at = opp.stage_entered_at or c.signed_at
    uow.publish(ev_pb2.DealWon(
        opportunity_id=opp.id, owner_id=opp.owner_id, region_id=opp.region_id,
        account_id=opp.account_id, account_name=account.name if account else c.account_name,
        amount_fen=c.amount_fen,
        cycle_seconds=int((c.signed_at - opp.created_at).total_seconds()),
        won_at=ts(won_at), lead_id=opp.lead_id or "",
        industry=account.industry if account else "", scale=account.scale if account else "",
        product_codes=list(c.product_codes), contract_id=c.id, title=opp.title,
        by_user_id=by_user_id),
        type="pipeline.deal_won", aggregate_id=opp.id)
