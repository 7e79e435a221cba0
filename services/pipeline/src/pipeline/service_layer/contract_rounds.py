"""Ending an approval round before its end: the terms were revised, or the deal was lost."""

from __future__ import annotations

from datetime import datetime

from servicekit.uow import UnitOfWork

from pipeline.adapters import approval_repo, contracts_repo, signature_repo
from pipeline.domain.contracts import Contract


async def end_round(uow: UnitOfWork, c: Contract, *, step_ids: list[str],
                    now: datetime) -> None:
    """Saves the contract's steps (the open ones ended in the domain); the steps that were
    pending (`step_ids`) stop being chased, and links sent for the old terms stop working."""
    for step_id in step_ids:
        await approval_repo.cancel_deadlines(uow.session, step_id=step_id, now=now)
    await contracts_repo.save_steps(uow.session, c)
    await signature_repo.supersede_open(uow.session, contract_id=c.id)
