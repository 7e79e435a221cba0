"""Ending an approval round before its end: the terms were revised, the deal was sent back
before 报价 or lost. Whatever approval the contract had no longer stands, so the deal's
合同内部审批 is unticked with it (the system ticks it again when a new round completes)."""

from __future__ import annotations

from datetime import datetime

from servicekit.uow import UnitOfWork

from pipeline.adapters import approval_repo, contracts_repo, signature_repo
from pipeline.domain.contracts import Contract
from pipeline.domain.model import Opportunity
from pipeline.domain.stage_rules import APPROVE_CONTRACT
from pipeline.service_layer import contract_messages, stage_guard


async def end_round(uow: UnitOfWork, c: Contract, *, step_ids: list[str],
                    now: datetime, opp: Opportunity | None = None) -> None:
    """Saves the contract's steps (the open ones ended in the domain); the steps that were
    pending (`step_ids`) stop being chased, and links sent for the old terms stop working.
    `opp`: the deal, when the caller holds it (its answer then shows the untick). The
    approvers of those steps are told (pipeline.approval_withdrawn, raised by the domain),
    so their 「合同待您审批」 leaves their open inbox rather than lead to a 409."""
    await stage_guard.untick(uow.session, opp, APPROVE_CONTRACT,
                             opportunity_id=c.opportunity_id)
    for step_id in step_ids:
        await approval_repo.cancel_deadlines(uow.session, step_id=step_id, now=now)
    await contracts_repo.save_steps(uow.session, c)
    await signature_repo.supersede_open(uow.session, contract_id=c.id)
    contract_messages.publish(uow, c, now=now)
