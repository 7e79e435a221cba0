"""Orders named on another by a follow-up link, as the reader may see them: the title and
state of an order the reader may not read stay empty (repository.visible_clause, the same
rule as opening it), so a link tells no more than that it exists."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from workorders.adapters.orm import work_orders
from workorders.adapters.repository import visible_clause
from workorders.domain.access import Actor


@dataclass(frozen=True)
class Link:
    id: str
    title: str
    state: str


def _read(actor: Actor) -> Select[Any]:
    c = work_orders.c
    return select(c.id, c.title, c.state, visible_clause(actor).label("readable"))


def _link(row: Any) -> Link:
    return Link(str(row.id), row.title, row.state) if row.readable \
        else Link(str(row.id), "", "")


async def named(session: AsyncSession, ids: Iterable[str], actor: Actor) -> dict[str, Link]:
    """id -> Link for these orders (one statement for a whole page)."""
    wanted = {uuid.UUID(i) for i in ids if i}
    if not wanted:
        return {}
    rows = await session.execute(_read(actor).where(work_orders.c.id.in_(wanted)))
    return {str(r.id): _link(r) for r in rows}


async def follow_ups_of(session: AsyncSession, order_id: str, actor: Actor) -> list[Link]:
    """The follow-ups opened from this order, oldest first."""
    c = work_orders.c
    rows = await session.execute(_read(actor).where(c.follow_up_of == uuid.UUID(order_id))
                                 .order_by(c.created_at, c.id))
    return [_link(r) for r in rows]
