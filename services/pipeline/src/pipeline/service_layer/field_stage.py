"""What field work adds to a deal: its recent visits in the reply; to a stage move, the
needs record as a gate fact, the needs' non-standard request on the way into 方案设计,
and pipeline.stage_gate_blocked when a move is refused."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import accounts_repo, needs_repo, visits_repo
from pipeline.domain import stages
from pipeline.domain.errors import GateFailed
from pipeline.domain.model import Opportunity
from pipeline.service_layer import field_messages

RECENT_VISITS = 20


async def recent_visits(session: AsyncSession, opp: Opportunity) -> list[pb.Visit]:
    """The deal's newest visits for its detail (`activities`); all of them: ListVisits."""
    found = await visits_repo.page(session, opportunity_id=opp.id, limit=RECENT_VISITS,
                                   after=None)
    return [field_messages.visit(v) for v in found]


async def needs_complete(uow: UnitOfWork, opp: Opportunity) -> bool:
    return await needs_repo.is_complete(uow.session, opportunity_id=opp.id)


async def stage_changed_extra(uow: UnitOfWork, opp: Opportunity) -> dict[str, Any]:
    """StageChanged fields 10-13: title and account always; entering 方案设计, whether
    engineering must design something non-standard (the work-order service opens a
    技术部 request from it)."""
    account = await accounts_repo.get(uow.session, account_id=opp.account_id)
    extra: dict[str, Any] = {"title": opp.title, "account_name": account.name if account else ""}
    if opp.stage == stages.SOLUTION_DESIGN:
        needs = (await needs_repo.get(uow.session, opportunity_id=opp.id)).needs
        extra |= {"nonstandard_support": needs.nonstandard_support,
                  "nonstandard_request": needs.nonstandard_request}
    return extra


async def record_refusal(uow: UnitOfWork, opp: Opportunity, refused: GateFailed, *, to: str,
                         by: str, at: datetime) -> None:
    """Commits only the pipeline.stage_gate_blocked event: the deal itself is unchanged
    (it was only read), so the refusal still changes nothing but telling the owner."""
    field_messages.publish_gate_blocked(uow, opp, to=to, unmet=refused.unmet, by=by, at=at)
    await uow.commit()
