"""Correcting an open deal by hand: its title, its expected amount.

A deal opened before anyone knew the amount (0) could only get one from a quote, while the
stage gate 「已填写商机金额」 asks for it earlier: the owner (or anyone who may work the deal)
now sets it. Won and lost deals keep what they were closed with (a won deal's amount is
the signed price). No event: nothing outside the pipeline keeps a deal's open amount, and
the numbers management reads (funnel, lists) come from the pipeline's own tables.
"""

from __future__ import annotations

import uuid

from servicekit.auth import Principal
from servicekit.errors import Conflict, FieldError
from servicekit.uow import UnitOfWork
from sqlalchemy import update

from pipeline.adapters.orm import opportunities as opps
from pipeline.domain import stages
from pipeline.service_layer.deps import SOURCE, Deps
from pipeline.service_layer.opening import required_text
from pipeline.service_layer.working import _workable


async def update_opportunity(opportunity_id: str, *, title: str | None, amount_fen: int | None,
                             principal: Principal, deps: Deps) -> None:
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = required_text("title", title)
    if amount_fen is not None:
        if amount_fen < 0:
            raise FieldError("amount_fen", "金额不能为负数")
        changes["amount_fen"] = amount_fen
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        opp = await _workable(uow, opportunity_id, principal, deps)
        if opp.status != stages.OPEN:
            raise Conflict(f"商机已{stages.DEFAULT_LABELS[opp.status]}，不能再修改")
        if changes:
            await uow.session.execute(update(opps).where(opps.c.id == uuid.UUID(opp.id))
                                      .values(**changes))
            await uow.commit()
