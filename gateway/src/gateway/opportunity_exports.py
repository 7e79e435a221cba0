"""The deal list as .xlsx: every page of the caller's scoped, filtered list, the owner and
region by name (org_names: one directory read per kind for the whole sheet), amounts in 元
with two decimals as the quote exports write them, times in Asia/Shanghai.

At most export_rows.EXPORT_MAX_ROWS deals: past that the export is refused (422 `export_too_large`)
rather than cut short, since a silently truncated sheet sums to a wrong pipeline total;
the caller narrows it by stage, status, owner or region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.responses import StreamingResponse
from salesos.pipeline.v1 import pipeline_pb2 as pb
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.export_rows import every_row
from gateway.lead_sheet import SCALE_ZH
from gateway.org_names import named, region_names, user_names
from gateway.pipeline_client import PipelineClient
from gateway.spreadsheets import Sheet, xlsx_download

HEADERS = ["商机", "客户", "行业", "省份", "公司规模", "金额(元)", "阶段", "状态", "丢单原因",
           "负责人", "区域", "合同状态", "创建时间", "进入当前阶段时间"]
STATUS_ZH = {"open": "进行中", "won": "赢单", "lost": "丢单"}
CONTRACT_ZH = {"draft": "草稿", "pending_approval": "审批中", "approved": "已审批",
               "rejected": "已驳回", "signed": "已签署", "cancelled": "已作废"}
PAGE = 100


def _time(sheet: Sheet, deal: pb.Opportunity, field: str) -> Any:
    return sheet.time(getattr(deal, field) if deal.HasField(field) else None)


def _row(sheet: Sheet, o: pb.Opportunity, people: dict[str, str],
         regions: dict[str, str]) -> list[Any]:
    owner = people.get(o.owner_id) or o.owner_username or o.owner_id
    return [o.title, o.account.name, o.account.industry, o.account.province,
            SCALE_ZH.get(o.account.scale, o.account.scale),
            sheet.money(o.amount_fen), o.stage_label or o.stage,
            STATUS_ZH.get(o.status, o.status), o.lost_reason, owner,
            named(regions, o.region_id), CONTRACT_ZH.get(o.contract_status, o.contract_status),
            _time(sheet, o, "created_at"), _time(sheet, o, "stage_entered_at")]


async def _every(pipeline: PipelineClient, token: str,
                 request: pb.ListOpportunitiesRequest) -> list[pb.Opportunity]:
    request.page_size = PAGE

    async def page(cursor: str) -> tuple[Sequence[pb.Opportunity], str]:
        request.page_token = cursor
        reply = await pipeline.call("ListOpportunities", request, user_token=token)
        return reply.opportunities, reply.next_page_token

    return await every_row(page, noun="商机", narrow="阶段、状态、负责人或区域")


async def export_sheet(pipeline: PipelineClient, token: str, session: AsyncSession,
                       request: pb.ListOpportunitiesRequest) -> StreamingResponse:
    deals = await _every(pipeline, token, request)
    people = await user_names(session, {o.owner_id for o in deals})
    regions = await region_names(session, {o.region_id for o in deals})

    def build() -> Sheet:
        sheet = Sheet("商机", HEADERS)
        for deal in deals:
            sheet.append(_row(sheet, deal, people, regions))
        return sheet

    return await xlsx_download(build, "opportunities", "商机")
