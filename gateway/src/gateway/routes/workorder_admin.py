"""Escalation chains per department (read by anyone signed in; changed by the director
or an admin) and the work-order KPIs (JSON and .xlsx)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.protos import timestamp
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.deps import BearerToken, CurrentUser, Session
from gateway.notification_fields import rest_fields
from gateway.org_names import named, user_names
from gateway.problems import FieldProblem, validation_problem
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, xlsx_download
from gateway.timefilters import Bound, parse_bound
from gateway.workorder_metrics_sheet import metrics_sheet
from gateway.workorder_schemas import ChainBody, ChainRead, MetricsRead, MetricsRowRead, plain
from gateway.workorders_client import WorkOrders

router = APIRouter(prefix=API_PREFIX, tags=["workorders"])
Department = Annotated[str, Query(max_length=40)]
WHEN = "2026-11-01 or an ISO time"
From = Annotated[Bound, Query(alias="from", max_length=40, description=WHEN)]
To = Annotated[Bound, Query(alias="to", max_length=40, description=WHEN + "; a date includes it")]
Since = Annotated[Bound, Query(max_length=40, deprecated=True,
                             description="deprecated: the old name of `from`")]
Until = Annotated[Bound, Query(max_length=40, deprecated=True,
                             description="deprecated: the old name of `to`")]


async def _chain(reply: pb.EscalationChain, session: AsyncSession) -> ChainRead:
    """The service answers who changed it by user id; people read a name (the id stays
    for a client that links to the user)."""
    data = plain(reply)
    by = data["updated_by"] or None
    data["updated_by_id"] = by
    data["updated_by"] = named(await user_names(session, [by]), by) if by else None
    return ChainRead(**data)


@router.get("/workorders/escalation-chains/{department}", response_model=ChainRead)
async def get_chain(department: str, _: CurrentUser, token: BearerToken,
                    workorders: WorkOrders, session: Session) -> ChainRead:
    reply = await workorders.call("GetEscalationChain", pb.GetEscalationChainRequest(
        department=department), user_token=token)
    return await _chain(reply, session)


@router.put("/workorders/escalation-chains/{department}", response_model=ChainRead)
async def put_chain(department: str, body: ChainBody, _: CurrentUser, token: BearerToken,
                    workorders: WorkOrders, session: Session,
                    idempotency_key: Annotated[str | None, Header(max_length=200)] = None
                    ) -> ChainRead:
    """Replaces the chain (PUT, idempotent by nature): response hours and, per level, the
    working hours after a missed deadline. Orders opened afterwards follow it."""
    request = pb.EscalationChain(
        department=department, response_hours=body.response_hours,
        levels=[pb.EscalationLevel(level=x.level, after_hours=x.after_hours)
                for x in body.levels])
    return await _chain(await workorders.call("PutEscalationChain", request,
                                              user_token=token), session)


def metrics_window(since: str, until: str, *, fields: tuple[str, str] = ("from", "to"),
                   ) -> tuple[Timestamp | None, Timestamp | None]:
    """What people type, read as the lead list reads it (timefilters): Shanghai time, and
    a bare end date includes that day. `fields`: the names the caller gave the bounds."""
    return (timestamp(parse_bound(since, field=fields[0], end=False)),
            timestamp(parse_bound(until, field=fields[1], end=True)))


def _bound(name: str, value: str, old_name: str, old_value: str) -> tuple[str, str]:
    """The bound's text and the name the caller sent it under (the analytics routes' name,
    or the old one this route had first)."""
    if value and old_value:
        raise validation_problem([FieldProblem(
            name, f"{name} 与 {old_name}（旧名）是同一参数，只能提供一个")])
    return (old_value, old_name) if old_value else (value, name)


Period = Annotated[str, Query(pattern="^(month|week|day)$")]


async def _metrics(workorders: WorkOrders, token: str, period: str, date_from: str,
                   date_to: str, since: str, until: str, department: str) -> pb.MetricsResponse:
    start_text, start_name = _bound("from", date_from, "since", since)
    end_text, end_name = _bound("to", date_to, "until", until)
    start, end = metrics_window(start_text, end_text, fields=(start_name, end_name))
    with rest_fields({"since": start_name, "until": end_name}):
        reply: pb.MetricsResponse = await workorders.call("GetMetrics", pb.GetMetricsRequest(
            period=period, since=start, until=end, department=department),
            user_token=token)
    return reply


@router.get("/analytics/workorders", response_model=MetricsRead)
async def workorder_metrics(
    _: CurrentUser, token: BearerToken, workorders: WorkOrders, period: Period = "month",
    date_from: From = "", date_to: To = "", since: Since = "", until: Until = "",
    department: Department = "",
) -> MetricsRead:
    """Per department and period (Asia/Shanghai): response time in working hours (mean,
    p90), delivery on-time rate, first-pass acceptance rate; over the orders the caller
    may see, by creation time in [from, to): dates (Asia/Shanghai; a bare `to` date
    includes that day) or ISO times (without an offset, Shanghai time). `since`/`until`
    are the deprecated old names of `from`/`to`; giving both names of a bound is 422.

    Without `from`: the latest 30 days (`period=day`), 12 ISO weeks (`week`) or 12 months
    (`month`) up to `to`, or without it up to and including the current period; the
    window starts at a period start, so the first row is a whole period. A range may touch
    at most 366 days, 106 weeks or 36 months; a longer one (or `from` not before `to`)
    is 422 problem+json naming `from` (or `since`, when the caller sent that)."""
    reply = await _metrics(workorders, token, period, date_from, date_to, since, until,
                           department)
    return MetricsRead(period=period, rows=[MetricsRowRead(**plain(r)) for r in reply.rows])


@router.get("/analytics/workorders/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_workorder_metrics(
    _: CurrentUser, token: BearerToken, workorders: WorkOrders, session: Session,
    period: Period = "month", date_from: From = "", date_to: To = "", since: Since = "",
    until: Until = "", department: Department = "",
) -> StreamingResponse:
    """The same figures, window and scope as `GET /analytics/workorders`, one sheet; the
    department by name, rates as percentages (empty where nothing was delivered or
    reviewed)."""
    reply = await _metrics(workorders, token, period, date_from, date_to, since, until,
                           department)
    build = await metrics_sheet(list(reply.rows), session, period=period)
    return await xlsx_download(build, "workorder-kpis", "工单指标")
