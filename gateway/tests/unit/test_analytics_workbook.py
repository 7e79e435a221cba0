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


def test_the_funnel_sheet_carries_the_totals_and_amounts_the_deal_export_is_checked_against(
) -> None:
    """The director compares the workbook with the deal list's export for the same days:
    the funnel sheet says how many deals and how much money, in 元, per stage and in all."""
    from gateway.analytics_schemas import FunnelStageRead

    none = DurationRead(stage="won", label="赢单", count=0, avg_days=0, median_days=0,
                        p90_days=0)
    book = workbook(
        FunnelRead(**SPAN, total=3, won=1, lost=1, win_rate=0.5, total_amount_fen=900_000,
                   won_amount_fen=500_000, lost_amount_fen=300_000, open_amount_fen=100_000,
                   stages=[FunnelStageRead(stage="lead", label="线索", reached=3, current=1,
                                           conversion=0.0, current_amount_fen=100_000)]),
        CycleTimeRead(**SPAN, lead_to_won=none, stages=[]),
        LostReasonsRead(**SPAN, total=0, reasons=[]), RepActivityRead(**SPAN, weeks=[], reps=[]))
    rows = list(load_workbook(book)["漏斗"].iter_rows(values_only=True))
    assert rows[0][:5] == ("阶段", "到达商机数", "当前商机数", "当前金额(元)", "转化率")
    assert rows[1][:4] == ("线索", 3, 1, 1000)
    assert [(r[0], r[2], Decimal(str(r[3]))) for r in rows[2:5]] == [
        ("商机总数", 3, Decimal("9000")), ("赢单", 1, Decimal("5000")),
        ("丢单", 1, Decimal("3000"))]
    assert rows[-1][:2] == ("赢单率", 0.5)
