"""Payout statements per rep per period (scheme A or B), and their .xlsx for finance.

Finance and the director see everyone's, managers their regions', reps their own; admins
none (403, `EarningsReader`). There is no payout run or approval to guard: statements
are computed on reading. The workbook is the API's statements: 提成结算 one row each,
提成明细 their lines with the month-to-date figures a week's commission is the
difference of (the tiers are a month's, `services/incentives/README.md`)."""

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
HEADERS = ["销售", "销售ID", "区域", "期间", "方案", "签约额(元)", "过程得分", "积分", "应发(元)",
           "计算说明"]
LINE_HEADERS = ["销售", "销售ID", "期间", "方案", "计入月份", "明细", "费率", "基数(元)",
                "月累计签约额·起(元)", "月累计签约额·止(元)", "月累计提成·起(元)",
                "月累计提成·止(元)", "金额(元)"]


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
    the region by name; their lines on a second sheet (提成明细); admins are 403."""
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

    return await xlsx_download(lambda: workbook(payouts, regions), "payouts", "提成结算")


def workbook(payouts: list[pb.Payout], regions: dict[str, str]) -> Sheet:
    """Runs in `xlsx_download`'s worker thread: openpyxl's appends are CPU."""
    sheet = Sheet("提成结算", HEADERS)
    for p in payouts:
        sheet.append([
            p.display_name, p.user_id, named(regions, p.region_id), p.period, p.scheme,
            sheet.money(p.signed_fen), round(p.process_score, 2), p.points,
            sheet.money(p.amount_fen), p.rounding])
    lines = sheet.add("提成明细", LINE_HEADERS)
    for p in payouts:
        for x in p.lines:
            to_date = ([lines.money(f) for f in (
                x.month_to_date_before_fen, x.month_to_date_after_fen,
                x.commission_to_date_before_fen, x.commission_to_date_after_fen)]
                # a scheme-B line (the pool, no tiers) has no month-to-date figures; a
                # tier line's month to date ends above zero
                if x.month_to_date_after_fen else [None] * 4)
            lines.append([
                p.display_name, p.user_id, p.period, p.scheme, x.month, x.label,
                lines.cell(Decimal(x.rate_bp) / 10_000, "0.00%") if x.rate_bp else None,
                lines.money(x.base_fen), *to_date, lines.money(x.amount_fen)])
    return sheet
