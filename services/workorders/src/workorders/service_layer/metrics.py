"""Work-order KPIs over the orders the caller may see, per department and period, within
a bounded window of creation times (domain.window: by default the latest 30 days, 12
weeks or 12 months), so the statement reads that window through an index whatever the
history's length."""

from __future__ import annotations

from datetime import datetime

from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import FieldError
from sqlalchemy import select

from workorders.adapters.orm import work_orders
from workorders.adapters.repository import visible_clause
from workorders.domain import metrics
from workorders.domain.access import Actor
from workorders.domain.text import comparable
from workorders.domain.window import window
from workorders.service_layer import departments
from workorders.service_layer.deps import Deps
from workorders.service_layer.errors import domain_errors


async def report(*, period: str, since: datetime | None, until: datetime | None,
                 department: str, actor: Actor, deps: Deps) -> pb.MetricsResponse:
    period = period or "month"
    if period not in metrics.PERIODS:
        raise FieldError("period", "可选：month、week、day")
    with domain_errors():
        span = window(period, since, until, now=deps.clock())
        comparable(department, "department")
    if department:  # a mistyped code is not a department that did nothing
        department = (await departments.known(department, deps)).code
    c = work_orders.c
    query = select(c.department, c.created_at, c.response_seconds, c.delivered_on_time,
                   c.first_pass).where(visible_clause(actor), c.created_at >= span.since,
                                       c.created_at < span.until)
    if department:
        query = query.where(c.department == department)
    async with deps.sessions() as session:
        found = [metrics.Facts(*row) for row in await session.execute(query)]
    return pb.MetricsResponse(rows=[pb.MetricsRow(**vars(r))
                                    for r in metrics.rows(found, period)])
