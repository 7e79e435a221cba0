"""The signed contract behind each won deal of the demo history (demo mode only, once):
drafted from the deal's accepted quote, approved step by step by the chain the approval
matrix names for its amount and region, signed by the customer on the day the deal was
won — so finance's contract list, "awaiting my approval" history and the signature
audit show what a year of real use would. History, not news: nothing is published,
and no reminder is scheduled (every step is already decided)."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pipeline.adapters import approval_repo, contracts_repo, demo_contracts_repo, signature_repo
from pipeline.adapters.demo_history_repo import CREATED_BY
from pipeline.domain import approval_matrix, signature
from pipeline.domain.contract_terms import Terms
from pipeline.domain.contracts import Contract, Timing, Version
from pipeline.domain.demo_history import demo_id
from pipeline.domain.errors import TransitionRefused
from pipeline.service_layer.demo_history import SEED
from pipeline.service_layer.deps import SOURCE
from pipeline.service_layer.signing import record_signed

log = logging.getLogger(__name__)
SIGNER = "采购部 王经理"


async def seed_demo_contracts(sessions: async_sessionmaker[AsyncSession],
                              people: list[approval_matrix.Person]) -> int:
    """Contracts written for won demo deals that have none; 0 on a second run."""
    planned = []
    async with UnitOfWork(sessions, source=SOURCE) as uow:
        _, levels, _ = await approval_repo.current_matrix(uow.session)
        for deal in await demo_contracts_repo.won_without_contract(uow.session,
                                                                   created_by=CREATED_BY):
            try:
                chain = approval_matrix.resolve(levels, amount_fen=deal.total_fen,
                                                region_id=deal.region_id, people=people,
                                                owner_id=str(deal.owner_id))
            except TransitionRefused as nobody:  # an org chart without that approver
                log.warning("demo deal %s keeps no contract: %s", deal.id, nobody)
                continue
            planned.append((_drafted(deal, chain), deal, chain))
        # A contract takes the next number of its year when stored: stored in the order
        # they were drafted, the numbers follow the dates as a real contract book's do.
        for drafted, deal, chain in sorted(planned, key=lambda p: (p[0], str(p[1].id))):
            await _signed(uow.session, deal, chain, drafted)
        await uow.commit()
    return len(planned)


def _drafted(d: Any, chain: list[approval_matrix.Assignee]) -> datetime:
    won: datetime = d.stage_entered_at or d.created_at
    return won - timedelta(days=len(chain) + 3)


async def _signed(session: AsyncSession, d: Any, chain: list[approval_matrix.Assignee],
                  drafted: datetime) -> None:
    won: datetime = d.stage_entered_at or d.created_at
    ids = iter(demo_id(SEED, "contract", d.id, k) for k in range(len(chain) + 2))
    terms = Terms("预付 30%，到货验收后付 60%，质保金 10%", (won + timedelta(days=60)).date(), 12,
                  "逾期交货每日按合同总价 0.05% 计违约金", d.total_fen)
    c = Contract(id=next(ids), opportunity_id=str(d.id), quote_id=str(d.quote_id),
                 owner_id=d.owner_id, region_id=d.region_id,
                 account_name=d.account_name, title=d.title,
                 created_by=d.owner_id, created_at=drafted,
                 versions=[Version(1, terms, d.owner_id, drafted)],
                 product_codes=tuple(dict.fromkeys(d.product_codes)))
    c.submit(chain, new_id=lambda: next(ids), now=drafted + timedelta(hours=2),
             delegations={}, timing=Timing())
    for day, step in enumerate(c.steps, start=1):
        c.decide(step.approver_id, "approve", "同意", now=drafted + timedelta(days=day),
                 delegations={}, timing=Timing())
    await contracts_repo.add(session, c, idempotency_key=None)
    await contracts_repo.save_steps(session, c)
    await demo_contracts_repo.take_signed_amount(session, opportunity_id=d.id,
                                                 amount_fen=d.total_fen)
    await _signature(session, c, requested=won - timedelta(days=1), signed=won)


async def _signature(session: AsyncSession, c: Contract, *, requested: datetime,
                     signed: datetime) -> None:
    request = signature.SignatureRequest(
        id=demo_id(SEED, "signature", c.id), contract_id=c.id, version=c.current.version,
        token_sha256=signature.sha256(secrets.token_urlsafe()),  # a link nobody holds
        code_sha256=signature.sha256(secrets.token_hex()), signer_name=SIGNER,
        signer_phone="", expires_at=requested + signature.VALID_FOR, status=signature.SIGNED)
    await signature_repo.add(session, request, created_by=c.owner_id, idempotency_key=None,
                             now=requested)
    await signature_repo.append(session, contract_id=c.id, request_id=request.id,
                                action="requested", version=request.version,
                                signer_name=SIGNER, at=requested)
    await record_signed(session, c, request, signer_name=SIGNER, ip="",
                        user_agent="demo history", now=signed)
