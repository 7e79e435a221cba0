"""Payout statements per rep per period (scheme A or B), and their .xlsx for finance.

Finance and the director see everyone's, managers their regions', reps their own; admins
none (403, `EarningsReader`). There is no payout run or approval to guard: statements
are computed on reading."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from salesos.incentives.v1 import incentives_pb2 as pb

from gateway.deps import BearerToken, EarningsReader, Session
from gateway.incentives_client import Incentives, to_dict
from gateway.incentives_schemas import PayoutPage
from gateway.org_names import named, region_names
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["payouts"])
Period = Annotated[str, Query(max_length=10, description="2026-11 (or a week); default: "
                                                         "this month")]
YUAN = "#,##0.00"  # 8,900.00 like every money column; a float showed 8900 beside 13656.41
HEADERS = ["销售", "销售ID", "区域", "期间", "方案", "签约额(元)", "过程得分", "积分", "应发(元)",
           "计算说明"]


@router.get("/payouts", response_model=PayoutPage)
async def list_payouts(_: EarningsReader, token: BearerToken, incentives: Incentives,
                       period: Period = "", cursor: Annotated[str, Query(max_length=200)] = "",
                       limit: Annotated[int, Query(ge=1, le=500)] = 100) -> PayoutPage:
    """Finance and directors see everyone; managers their regions; reps their own;
    admins are 403."""
    reply = await incentives.call("ListPayouts", pb.ListPayoutsRequest(
        period=period, page_size=limit, page_token=cursor), user_token=token)
    data = to_dict(reply)
    return PayoutPage(items=data["payouts"], next_cursor=data["next_page_token"] or None)


@router.get("/payouts/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_payouts(_: EarningsReader, token: BearerToken, incentives: Incentives,
                         session: Session, period: Period = "") -> StreamingResponse:
    """Every statement the caller may see, one row each, amounts in 元 with two decimals,
    the region by name; admins are 403."""
    payouts: list[pb.Payout] = []
    cursor = ""
    while True:
        reply = await incentives.call("ListPayouts", pb.ListPayoutsRequest(
            period=period, page_size=500, page_token=cursor), user_token=token)
        payouts += reply.payouts
        cursor = reply.next_page_token
        if not cursor:
            break
    regions = await region_names(session, {p.region_id for p in payouts})

    def build() -> Sheet:
        sheet = Sheet("提成结算", HEADERS)
        for p in payouts:
            sheet.append([p.display_name, p.user_id, named(regions, p.region_id), p.period,
                          p.scheme, sheet._cell(Decimal(p.signed_fen) / 100, YUAN),
                          round(p.process_score, 2), p.points,
                          sheet._cell(Decimal(p.amount_fen) / 100, YUAN), p.rounding])
        return sheet

    return await xlsx_download(build, "payouts", "提成结算")
