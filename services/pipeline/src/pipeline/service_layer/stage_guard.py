"""The deal's stage gating its paperwork (domain/stage_rules), with the labels of the
deal's own process version (admins rename stages), and the system ticking the sub-steps
it knows happened."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import process_repo, repository
from pipeline.domain import stage_rules
from pipeline.domain.model import Opportunity
from pipeline.domain.process import Process
from pipeline.domain.stages import DEFAULT_LABELS


async def _process(session: AsyncSession, opp: Opportunity) -> Process | None:
    return await process_repo.get(session, version=opp.process_version)


async def require(session: AsyncSession, opp: Opportunity, needed: str, *, action: str,
                  exactly: bool = False) -> None:
    """TransitionRefused (→ 409) naming the deal's stage and the one `action` needs."""
    process = await _process(session, opp)
    stage_rules.require(opp.stage, needed, action=action, exactly=exactly,
                        label=process.label if process else DEFAULT_LABELS.__getitem__)


async def tick(session: AsyncSession, opp: Opportunity, step_id: str, *, by: str,
               now: datetime) -> None:
    """The caller holds the deal's row lock. `by`: whose act it was ('' for none)."""
    process = await _process(session, opp)
    if process is not None and opp.tick_by_system(process, step_id, by=by, now=now):
        await repository.save_step(session, opp, step_id)


async def untick(session: AsyncSession, opp: Opportunity | None, step_id: str, *,
                 opportunity_id: str = "") -> None:
    """A system step's fact no longer stands (a contract's approval ended): unticked, in
    the deal held in memory too when the caller has it."""
    if opp is not None:
        opp.steps_done.pop(step_id, None)
    await repository.untick(session, opportunity_id=opp.id if opp else opportunity_id,
                            step_id=step_id)


async def deal_of(session: AsyncSession, opportunity_id: str, *,
                  for_update: bool = False) -> Opportunity:
    """The deal behind a contract (it always has one)."""
    opp = await repository.get(session, opportunity_id=opportunity_id, for_update=for_update)
    assert opp is not None
    return opp


async def require_signing(session: AsyncSession, opp: Opportunity) -> None:
    await require(session, opp, stage_rules.SIGNING_AT, action="客户签署合同", exactly=True)
