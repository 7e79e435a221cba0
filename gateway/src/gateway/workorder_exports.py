"""The work-order list as .xlsx: every page of the caller's scoped, filtered list, with
the requester and assignee by name (org_names: one lookup for the whole sheet) and the
deal by its title.

The workorders service knows a deal by id only, and the pipeline has no "these ids" read,
so each distinct deal of the sheet is one GetOpportunity under the caller's own token (a
few at a time): the sheet names only deals the caller may see in the pipeline too. A deal
the caller may not see (an engineer sees no deals) or that is gone stays its id, as the
work-order list shows it; the pipeline down is 503 like any dependency. 跟进自 is the
title of the order a follow-up carries on (its id when the caller may not read it)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

import grpc
from fastapi.responses import StreamingResponse
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.pipeline.v1 import pipeline_pb2
from salesos.workorders.v1 import workorders_pb2 as pb
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.export_rows import every_row
from gateway.org_names import named, user_names
from gateway.pipeline_client import PipelineClient
from gateway.spreadsheets import SHANGHAI, Sheet, xlsx_download
from gateway.workorders_client import WorkOrdersClient

HEADERS = ["标题", "部门", "状态", "需求", "验收标准", "发起人", "处理人", "商机", "截止时间",
           "响应时限", "升级级别", "是否逾期", "驳回次数", "创建时间", "交付时间", "跟进自"]
STATE_ZH = {"open": "待接单", "accepted": "已接单", "in_progress": "处理中",
            "delivered": "已交付", "closed": "已关闭", "cancelled": "已取消"}
PAGE = 100
DEAL_LOOKUPS = 8  # GetOpportunity calls in flight at once for one export
UNSEEN = (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED)


def _time(order: pb.WorkOrder, field: str) -> Any:
    if not order.HasField(field):
        return None
    stamp: Timestamp = getattr(order, field)
    return stamp.ToDatetime(tzinfo=SHANGHAI).replace(tzinfo=None)


async def deal_titles(pipeline: PipelineClient, token: str, ids: Iterable[str]
                      ) -> dict[str, str]:
    """Deal id -> title, for the deals the caller may see; the others are absent."""
    gate = asyncio.Semaphore(DEAL_LOOKUPS)

    async def title(deal_id: str) -> str | None:
        async with gate:
            try:
                deal = await pipeline.call("GetOpportunity", pipeline_pb2.GetOpportunityRequest(
                    opportunity_id=deal_id), user_token=token)
            except grpc.aio.AioRpcError as error:
                if error.code() in UNSEEN:
                    return None
                raise
        return str(deal.title) or None

    wanted = sorted({i for i in ids if i})
    titles = await asyncio.gather(*(title(i) for i in wanted))
    return {i: t for i, t in zip(wanted, titles, strict=True) if t}


def _row(o: pb.WorkOrder, people: dict[str, str], deals: dict[str, str]) -> list[Any]:
    return [o.title, o.department_name or o.department, STATE_ZH.get(o.state, o.state), o.need,
            o.acceptance_standard, named(people, o.requester_id), named(people, o.assignee_id),
            named(deals, o.opportunity_id),
            _time(o, "due_at"), _time(o, "respond_by"), o.escalation_level,
            "是" if o.overdue else "否", o.rejections, _time(o, "created_at"),
            _time(o, "delivered_at"),
            (o.follow_up_of.title or o.follow_up_of.id) if o.HasField("follow_up_of") else None]


async def export_sheet(client: WorkOrdersClient, pipeline: PipelineClient, token: str,
                       session: AsyncSession, request: pb.ListWorkOrdersRequest
                       ) -> StreamingResponse:
    request.page_size = PAGE

    async def page(cursor: str) -> tuple[Sequence[pb.WorkOrder], str]:
        request.page_token = cursor
        reply = await client.call("ListWorkOrders", request, user_token=token)
        return reply.work_orders, reply.next_page_token

    # Uncapped: the work-order export has never refused a long list.
    orders = await every_row(page, noun="工单", narrow="部门或状态", cap=None)
    people = await user_names(session, {i for o in orders for i in (o.requester_id,
                                                                    o.assignee_id)})
    deals = await deal_titles(pipeline, token, (o.opportunity_id for o in orders))

    def build() -> Sheet:
        sheet = Sheet("工单", HEADERS)
        for order in orders:
            sheet.append(_row(order, people, deals))
        return sheet

    return await xlsx_download(build, "workorders", "工单")
