"""Work-order KPIs over the orders the caller may see, per department and period."""

from __future__ import annotations

from datetime import datetime

from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import FieldError
from sqlalchemy import select

from workorders.adapters.orm import work_orders
from workorders.adapters.repository import visible_clause
from workorders.domain import metrics
from workorders.domain.access import Actor
from workorders.service_layer.deps import Deps


async def report(*, period: str, since: datetime | None, until: datetime | None,
                 department: str, actor: Actor, deps: Deps) -> pb.MetricsResponse:
    period = period or "month"
    if period not in metrics.PERIODS:
        raise FieldError("period", "可选：month、week、day")
    c = work_orders.c
    query = select(c.department, c.created_at, c.response_seconds, c.delivered_on_time,
                   c.first_pass).where(visible_clause(actor))
    if since is not None:
        query = query.where(c.created_at >= since)
    if until is not None:
        query = query.where(c.created_at < until)
    if department:
        query = query.where(c.department == department)
    async with deps.sessions() as session:
        found = [metrics.Facts(*row) for row in await session.execute(query)]
    return pb.MetricsResponse(rows=[pb.MetricsRow(**vars(r))
                                    for r in metrics.rows(found, period)])
