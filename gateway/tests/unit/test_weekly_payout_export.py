"""Finance checks a week's commission in Excel: the export carries the same statement as
the API, and each line the month-to-date figures the week's amount is the difference of
(a week spanning the turn of a month has lines in both months)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from google.protobuf.message import Message
from openpyxl import load_workbook
from salesos.incentives.v1 import incentives_pb2 as pb

from gateway import incentives_client

from .fake_services import Recorder, bearer, gateway_with

WAN = 1_000_000  # 10,000 元 in fen


def _week(method: str, request: Message) -> Any:
    assert method == "ListPayouts" and request.period == "2026-W49"  # type: ignore[attr-defined]
    return pb.ListPayoutsResponse(payouts=[pb.Payout(
        user_id="u1", display_name="周婷", region_id="r1", period="2026-W49", scheme="A",
        signed_fen=40 * WAN, amount_fen=1_100_000, rounding="分档按月累计：……跨月的周在月末拆开",
        lines=[pb.PayoutLine(label="2026-11 月累计 500,000–1,000,000 元", base_fen=10 * WAN,
                             rate_bp=300, amount_fen=300_000, month="2026-11",
                             month_to_date_before_fen=90 * WAN,
                             month_to_date_after_fen=100 * WAN,
                             commission_to_date_before_fen=2_200_000,
                             commission_to_date_after_fen=2_500_000),
               pb.PayoutLine(label="2026-12 月累计 0–500,000 元", base_fen=30 * WAN,
                             rate_bp=200, amount_fen=800_000, month="2026-12",
                             month_to_date_before_fen=0, month_to_date_after_fen=30 * WAN,
                             commission_to_date_before_fen=0,
                             commission_to_date_after_fen=800_000)])])


async def test_a_weeks_lines_read_the_same_in_the_api_and_the_export() -> None:
    async with gateway_with({incentives_client._incentives: Recorder(_week)}) as gw:
        listed = await gw.get("/api/v1/payouts", params={"period": "2026-W49"},
                              headers=bearer("finance"))
        export = await gw.get("/api/v1/payouts/export.xlsx", params={"period": "2026-W49"},
                              headers=bearer("finance"))
    assert listed.status_code == 200 and export.status_code == 200, export.text
    statement = listed.json()["items"][0]
    lines = statement["lines"]
    assert [(x["month"], x["month_to_date_before_fen"], x["commission_to_date_after_fen"])
            for x in lines] == [("2026-11", 90 * WAN, 2_500_000), ("2026-12", 0, 800_000)]
    assert sum(x["amount_fen"] for x in lines) == statement["amount_fen"]

    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["提成结算", "提成明细"]
    total = list(book["提成结算"].iter_rows(min_row=2, values_only=True))
    assert total[0][8] == Decimal(statement["amount_fen"]) / 100
    assert total[0][9] == statement["rounding"]
    rows = list(book["提成明细"].iter_rows(min_row=2, values_only=True))
    assert [(r[4], r[5], r[6]) for r in rows] == [(x["month"], x["label"], x["rate_bp"] / 10_000)
                                                  for x in lines]
    fen = ("base_fen", "month_to_date_before_fen", "month_to_date_after_fen",
           "commission_to_date_before_fen", "commission_to_date_after_fen", "amount_fen")
    assert [[round(v * 100) for v in r[7:]] for r in rows] == [[x[k] for k in fen]
                                                                for x in lines]


def _split_month(method: str, request: Message) -> Any:
    return pb.ListPayoutsResponse(payouts=[pb.Payout(
        user_id="u1", display_name="周婷", region_id="r1", period="2026-11", scheme="A+B",
        signed_fen=30 * WAN, amount_fen=600_000 + 123_456, rounding="本期内试点开始或结束",
        lines=[pb.PayoutLine(label="0–500,000 元", base_fen=30 * WAN, rate_bp=200,
                             amount_fen=600_000, month="2026-11",
                             month_to_date_after_fen=30 * WAN,
                             commission_to_date_after_fen=600_000),
               pb.PayoutLine(label="11-01至11-14 奖金池 5,000.00 元按积分分配",
                             base_fen=500_000, amount_fen=123_456, month="2026-11")])])


async def test_a_months_pool_line_exports_its_month_but_no_month_to_date_figures() -> None:
    """A month a trial ended in: the tier line and the pool line both count in November;
    the pool has no tiers, so its month-to-date cells stay empty rather than 0.00."""
    async with gateway_with({incentives_client._incentives: Recorder(_split_month)}) as gw:
        export = await gw.get("/api/v1/payouts/export.xlsx", params={"period": "2026-11"},
                              headers=bearer("finance"))
    rows = list(load_workbook(io.BytesIO(export.content))["提成明细"].iter_rows(
        min_row=2, values_only=True))
    assert [r[4] for r in rows] == ["2026-11", "2026-11"]
    assert [round(v * 100) for v in rows[0][8:12]] == [0, 30 * WAN, 0, 600_000]
    assert rows[1][6] is None and rows[1][8:12] == (None, None, None, None)
    assert [round(v * 100) for v in (rows[1][7], rows[1][12])] == [500_000, 123_456]
