"""A waiting discount while its deal is sent back before 方案设计 and brought forward.

Sent back there, the solution the quote priced is being redone: the discount is on hold
(deciding it is 409, `stage_rules.discount_on_hold`). Its state stays `pending` — the
quote is still the deal's current one, and the pipeline does not withdraw a quote for a
move back (only a new version or the loss do) — but nobody is asked to decide it now:
pipeline.discount_withdrawn (`deal_sent_back`) takes its approvers' items away
(「商机已退回，折扣审批暂停」) and its reminder clock stops. Brought forward to 方案设计
or later with that quote still the current one, it is asked again (`resumed`, a fresh
clock); a new version made there instead supersedes it (quote_revised), as ever."""

from __future__ import annotations

from datetime import datetime

from servicekit.uow import UnitOfWork

from pipeline.adapters import quotes_repo
from pipeline.domain import stage_rules
from pipeline.domain.model import Opportunity
from pipeline.domain.quotes import PENDING
from pipeline.service_layer import discount_messages
from pipeline.service_layer.deps import Deps


async def after_move(uow: UnitOfWork, opp: Opportunity, *, came_from: str, deps: Deps,
                     now: datetime) -> None:
    """After a stage change: on hold now, or no longer (stage_rules.discount_move)."""
    move = stage_rules.discount_move(came_from, opp.stage)
    if not move:
        return
    for quote in await quotes_repo.live_of(uow.session, opportunity_id=opp.id):
        if quote.approval != PENDING:
            continue
        if move == stage_rules.HOLD:
            await discount_messages.withdrawn(uow, quote, why=discount_messages.SENT_BACK,
                                              now=now)
        else:
            await discount_messages.requested(uow, quote, deps=deps, now=now, resumed=True)
