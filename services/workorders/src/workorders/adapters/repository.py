"""Work orders in and out of their tables; keyset pages for lists."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, insert, or_, select, true, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from workorders.adapters.orm import entries, escalations, requests, work_orders
from workorders.domain import events
from workorders.domain.access import Actor
from workorders.domain.model import LIVE, OPEN, WorkOrder

_SKIP = {"events", "entries"}
_COLUMNS = [f.name for f in fields(WorkOrder) if f.name not in _SKIP]


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _order(row: Any) -> WorkOrder:
    values = {name: getattr(row, name) for name in _COLUMNS}
    values["id"] = str(row.id)
    values["follow_up_of"] = str(row.follow_up_of) if row.follow_up_of else ""
    return WorkOrder(**values)


def _row(order: WorkOrder) -> dict[str, Any]:
    values = {name: getattr(order, name) for name in _COLUMNS}
    values["id"] = uuid.UUID(order.id)
    values["follow_up_of"] = uuid.UUID(order.follow_up_of) if order.follow_up_of else None
    return values


async def add(session: AsyncSession, order: WorkOrder, *, created_by: str,
              idempotency_key: str | None, request_hash: str | None = None) -> None:
    values = _row(order)
    await session.execute(insert(work_orders).values(
        **values, created_by=created_by, idempotency_key=idempotency_key,
        request_hash=request_hash))
    await save_log(session, order)


async def save(session: AsyncSession, order: WorkOrder) -> None:
    values = _row(order)
    del values["id"]
    await session.execute(update(work_orders).where(work_orders.c.id == uuid.UUID(order.id))
                          .values(**values))
    await save_log(session, order)


async def save_log(session: AsyncSession, order: WorkOrder) -> None:
    """New log lines and escalations; both are append-only."""
    oid = uuid.UUID(order.id)
    if order.entries:
        await session.execute(insert(entries), [
            {"id": uuid7(), "work_order_id": oid, "kind": e.kind, "by_user_id": e.by,
             "text": e.text, "from_state": e.from_state, "to_state": e.to_state, "at": e.at}
            for e in order.entries])
        order.entries.clear()
    raised = [e for e in order.events if isinstance(e, events.Escalated)]
    if raised:
        await session.execute(insert(escalations), [
            {"id": uuid7(), "work_order_id": oid, "level": e.level, "clock": e.clock,
             "notify_ids": list(e.notify_ids), "at": e.at} for e in raised])


async def get(session: AsyncSession, *, order_id: str,
              for_update: bool = False) -> WorkOrder | None:
    oid = _uuid(order_id)
    if oid is None:
        return None
    query = select(work_orders).where(work_orders.c.id == oid)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    return _order(row) if row else None


async def requesters_upstream(session: AsyncSession, *, order_id: str) -> tuple[str, ...]:
    """The requesters of this order and of every order it carries on (its follow_up_of,
    that one's, ...)."""
    c, w = work_orders.c, work_orders.alias("w")
    up = select(c.id, c.requester_id, c.follow_up_of).where(
        c.id == uuid.UUID(order_id)).cte("up", recursive=True)
    up = up.union(select(w.c.id, w.c.requester_id, w.c.follow_up_of)
                  .join(up, w.c.id == up.c.follow_up_of))
    return tuple((await session.execute(select(up.c.requester_id))).scalars())


def _follow_ups_requested_by(who: str) -> ColumnElement[bool]:
    """Orders carrying on one this person asked for, through any number of follow-ups."""
    c, mine, f = work_orders.c, work_orders.alias("mine"), work_orders.alias("f")
    chain = select(mine.c.id).where(mine.c.requester_id == who).cte("asked", recursive=True)
    chain = chain.union(select(f.c.id).join(chain, f.c.follow_up_of == chain.c.id))
    return c.follow_up_of.in_(select(chain.c.id))


async def by_key(session: AsyncSession, *, created_by: str,
                 key: str) -> tuple[str, str | None] | None:
    """The order this person's key created, and the fingerprint of that request."""
    row = (await session.execute(select(work_orders.c.id, work_orders.c.request_hash).where(
        work_orders.c.created_by == created_by,
        work_orders.c.idempotency_key == key))).first()
    return (str(row.id), row.request_hash) if row else None


async def live_automatic(session: AsyncSession, *, opportunity_id: str) -> str | None:
    value = (await session.execute(select(work_orders.c.id).where(
        work_orders.c.opportunity_id == opportunity_id, work_orders.c.automatic,
        work_orders.c.state.in_(LIVE)).limit(1))).scalar_one_or_none()
    return str(value) if value else None


async def seen_request(session: AsyncSession, *, order_id: str, by: str, key: str,
                       action: str, request_hash: str) -> str | None:
    """None the first time this person sends this key for this action (recorded now);
    after that the fingerprint the first request left ("" for rows from before)."""
    result = await session.execute(
        pg_insert(requests).values(work_order_id=uuid.UUID(order_id), by_user_id=by,
                                   idempotency_key=key, action=action,
                                   request_hash=request_hash)
        .on_conflict_do_nothing().returning(requests.c.action))
    if result.first() is not None:
        return None
    found = await session.execute(select(requests.c.request_hash).where(
        requests.c.by_user_id == by, requests.c.idempotency_key == key,
        requests.c.action == action))
    return found.scalar_one_or_none() or ""


@dataclass(frozen=True)
class OrderFilter:
    department: str = ""
    state: str = ""
    overdue: bool = False
    mine: bool = False
    opportunity_id: str = ""
    follow_up_of: str = ""  # an order id (the caller checked its form)
    requeued_from: str = ""  # a leaver's id: the orders their handover put back


def visible_clause(actor: Actor) -> ColumnElement[bool]:
    """domain.access.can_read as a WHERE clause."""
    if actor.sees_everything:
        return true()
    c = work_orders.c
    who = actor.user_id
    parts = [c.requester_id == who, c.assignee_id == who, c.supervisor_id == who,
             c.requester_manager_id == who]
    if actor.department_id:
        parts.append(c.department_id == actor.department_id)
    if actor.role == "manager" and actor.region_ids:
        parts.append(c.region_id.in_(actor.region_ids))
    parts.append(_follow_ups_requested_by(who))  # access.can_read: upstream_requester_ids
    return or_(*parts) if who else false()


async def page(session: AsyncSession, *, actor: Actor, flt: OrderFilter, now: datetime,
               limit: int, after: tuple[datetime, str] | None) -> list[WorkOrder]:
    c = work_orders.c
    query = select(work_orders).where(visible_clause(actor))
    if flt.department:
        query = query.where(c.department == flt.department)
    if flt.state:
        query = query.where(c.state == flt.state)
    if flt.opportunity_id:
        query = query.where(c.opportunity_id == flt.opportunity_id)
    if flt.follow_up_of:
        query = query.where(c.follow_up_of == uuid.UUID(flt.follow_up_of))
    if flt.requeued_from:
        query = query.where(c.requeued_from == flt.requeued_from)
    if flt.mine:
        who = actor.user_id
        query = query.where(or_(c.requester_id == who, c.assignee_id == who,
                                c.supervisor_id == who, c.requester_manager_id == who))
    if flt.overdue:
        query = query.where(or_(and_(c.state == OPEN, c.respond_by < now),
                                and_(c.state.in_(("open", "accepted", "in_progress")),
                                     c.due_at < now)))
    if after is not None:
        query = query.where(tuple_(c.created_at, c.id) < (after[0], uuid.UUID(after[1])))
    rows = await session.execute(query.order_by(c.created_at.desc(), c.id.desc()).limit(limit))
    return [_order(r) for r in rows]


async def live_orders_of(session: AsyncSession, *, user_id: str,
                         region_ids: tuple[str, ...] | None) -> list[WorkOrder]:
    """A leaver's live orders, as requester or assignee, locked, oldest first; only those
    of `region_ids` when given (a manager's regions). A concurrent run waits on the locks
    and then finds them no longer the leaver's."""
    c = work_orders.c
    query = (select(work_orders)
             .where(c.state.in_(LIVE), or_(c.requester_id == user_id, c.assignee_id == user_id))
             .order_by(c.created_at, c.id).with_for_update())
    if region_ids is not None:
        query = query.where(c.region_id.in_(region_ids))
    return [_order(r) for r in await session.execute(query)]
