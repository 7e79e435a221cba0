"""The management numbers as one .xlsx workbook: 漏斗, 周期, 丢单原因 and 销售活跃度 (reps ×
ISO weeks, "visits/reports/advances" per cell, as in the heatmap). Amounts in 元."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gateway.analytics_schemas import CycleTimeRead, FunnelRead, LostReasonsRead, RepActivityRead
from gateway.spreadsheets import inert


class _Inert:
    """A write-only sheet whose rows keep text as text (lost reasons are free text typed
    by reps): spreadsheets.inert."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet

    def append(self, values: list[Any]) -> None:
        self.sheet.append(inert(self.sheet, values))

    def yuan(self, fen: int) -> WriteOnlyCell:
        """Fen as 元 with two decimals (#,##0.00), as every money column of the exports."""
        cell = WriteOnlyCell(self.sheet, value=Decimal(fen) / 100)
        cell.number_format = "#,##0.00"
        return cell


def workbook(funnel: FunnelRead, cycle: CycleTimeRead, lost: LostReasonsRead,
             activity: RepActivityRead, people: dict[str, str] | None = None) -> IO[bytes]:
    """`people`: display name by user id, so a manager reads 周婷 rather than rep01."""
    people = people or {}
    book = Workbook(write_only=True)
    period = f"{funnel.date_from} 至 {funnel.date_to}"
    sheet = _Inert(book.create_sheet("漏斗"))
    sheet.append(["阶段", "到达商机数", "当前商机数", "当前金额(元)", "转化率", period])
    for s in funnel.stages:
        sheet.append([s.label, s.reached, s.current, sheet.yuan(s.current_amount_fen),
                      s.conversion])
    # The totals the deal list (created on the period's days) is checked against.
    for label, count, fen in (("商机总数", funnel.total, funnel.total_amount_fen),
                              ("赢单", funnel.won, funnel.won_amount_fen),
                              ("丢单", funnel.lost, funnel.lost_amount_fen)):
        sheet.append([label, "", count, sheet.yuan(fen)])
    sheet.append(["赢单率", funnel.win_rate])
    sheet = _Inert(book.create_sheet("周期"))
    sheet.append(["阶段", "样本数", "平均天数", "中位天数", "P90 天数"])
    for d in (cycle.lead_to_won, *cycle.stages):
        sheet.append([d.label, d.count, d.avg_days, d.median_days, d.p90_days])
    sheet = _Inert(book.create_sheet("丢单原因"))
    sheet.append(["原因", "商机数", "金额(元)", "占比"])
    for r in lost.reasons:
        sheet.append([r.reason, r.count, sheet.yuan(r.amount_fen), r.share])
    sheet = _Inert(book.create_sheet("销售活跃度"))
    sheet.append(["销售", *activity.weeks])
    for rep in activity.reps:
        cells = zip(rep.visits, rep.reports, rep.stage_advances, strict=True)
        sheet.append([people.get(rep.owner_id, rep.owner_username),
                      *(f"{v}/{r}/{a}" if v or r or a else "" for v, r, a in cells)])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(out)
    out.seek(0)
    return out
