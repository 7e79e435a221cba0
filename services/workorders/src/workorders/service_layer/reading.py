"""Reading work orders: one with its log and follow-up links, or a scoped, filtered,
cursor-paged list (each item naming the order it follows up)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import FieldError, NotFound
from servicekit.ids import is_uuid
from servicekit.pages import page_window
from servicekit.paging import encode_cursor
from sqlalchemy.ext.asyncio import AsyncSession

from workorders.adapters import details, links, repository
from workorders.adapters.repository import OrderFilter
from workorders.domain.access import Actor, Visibility, can_read
from workorders.domain.model import STATES, WorkOrder
from workorders.domain.text import comparable
from workorders.service_layer import departments, messages
from workorders.service_layer.deps import Deps
from workorders.service_layer.errors import domain_errors


async def visible(session: AsyncSession, order_id: str, actor: Actor, *,
                  for_update: bool = False) -> WorkOrder:
    """The order if this person may see it; otherwise it does not exist for them."""
    order = await repository.get(session, order_id=order_id, for_update=for_update)
    if order is None or not can_read(actor, await _parties(session, order)):
        raise NotFound("工单不存在")
    return order


async def _parties(session: AsyncSession, order: WorkOrder) -> Visibility:
    origin = order.follow_up_of  # its requesters read this follow-up too
    return Visibility(order.requester_id, order.assignee_id, order.cc_ids,
                      order.department_id, order.region_id, upstream_requester_ids=(
                          await repository.requesters_upstream(session, order_id=origin)
                          if origin else ()))


async def reply(session: AsyncSession, order: WorkOrder, now: datetime,
                actor: Actor) -> pb.WorkOrder:
    answer = messages.detail(order, now, await details.log_of(session, order.id),
                             await details.escalations_of(session, order.id),
                             await details.attachments_of(session, order.id))
    await _name_origins(session, [answer], actor)
    answer.follow_ups.extend(messages.link(x) for x in
                             await links.follow_ups_of(session, order.id, actor))
    return answer


async def _name_origins(session: AsyncSession, answers: list[pb.WorkOrder],
                        actor: Actor) -> None:
    """Each answer's `follow_up_of` (its id set by messages.summary) gets the title and
    state of the original the reader may read."""
    named = await links.named(session, (a.follow_up_of.id for a in answers), actor)
    for answer in answers:
        if found := named.get(answer.follow_up_of.id):
            answer.follow_up_of.CopyFrom(messages.link(found))


async def get(order_id: str, actor: Actor, deps: Deps) -> pb.WorkOrder:
    async with deps.sessions() as session:
        return await reply(session, await visible(session, order_id, actor), deps.clock(),
                           actor)


async def page(flt: OrderFilter, *, limit: int, cursor: str, actor: Actor,
               deps: Deps) -> tuple[list[pb.WorkOrder], str]:
    size, after = page_window(limit, cursor)
    if flt.state and flt.state not in STATES:
        raise FieldError("state", "未知状态；可选：" + "、".join(STATES))
    with domain_errors():
        comparable(flt.department, "department")
        comparable(flt.opportunity_id, "opportunity_id")
    if flt.follow_up_of and not is_uuid(flt.follow_up_of):
        raise FieldError("follow_up_of", "工单 ID 格式无效")
    if flt.opportunity_id and not is_uuid(flt.opportunity_id):
        raise FieldError("opportunity_id", "商机 ID 格式无效")
    if flt.department:  # a mistyped code is not "a department without orders"
        flt = replace(flt, department=(await departments.known(flt.department, deps)).code)
    now = deps.clock()
    async with deps.sessions() as session:
        found = await repository.page(session, actor=actor, flt=flt, now=now,
                                      limit=size + 1, after=after)
        items = [messages.summary(o, now) for o in found[:size]]
        await _name_origins(session, items, actor)
    more = len(found) > size
    last = found[size - 1] if more else None
    return items, encode_cursor(last.created_at, last.id) if last else ""

