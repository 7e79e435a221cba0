"""A director sends the management workbook on: the lost amounts read as money in 元
(1,000.00 next to 12,345.67), not 1000 next to 12345.67."""

from __future__ import annotations

from decimal import Decimal

from gateway.analytics_export import workbook
from gateway.analytics_schemas import (
    CycleTimeRead,
    DurationRead,
    FunnelRead,
    LostReasonRead,
    LostReasonsRead,
    RepActivityRead,
)
from openpyxl import load_workbook

SPAN = {"date_from": "2026-01-01", "date_to": "2026-11-27"}


def test_lost_amounts_are_yuan_with_two_decimals() -> None:
    none = DurationRead(stage="won", label="赢单", count=0, avg_days=0, median_days=0,
                        p90_days=0)
    book = workbook(
        FunnelRead(**SPAN, total=0, won=0, lost=2, win_rate=0, stages=[]),
        CycleTimeRead(**SPAN, lead_to_won=none, stages=[]),
        LostReasonsRead(**SPAN, total=2, reasons=[
            LostReasonRead(reason="价格", count=1, amount_fen=100_000, share=0.5),
            LostReasonRead(reason="交期", count=1, amount_fen=1_234_567, share=0.5)]),
        RepActivityRead(**SPAN, weeks=[], reps=[]))
    sheet = load_workbook(book)["丢单原因"]
    amounts = [sheet.cell(row, 3) for row in (2, 3)]
    assert [Decimal(str(c.value)) for c in amounts] == [Decimal("1000"), Decimal("12345.67")]
    assert {c.number_format for c in amounts} == {"#,##0.00"}
