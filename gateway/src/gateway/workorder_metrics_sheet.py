"""The work-order KPIs (`GET /analytics/workorders`) as one sheet: a row per department and
period, as the JSON answers them, the department by name.

A rate or a response time over no orders is an empty cell, not 0: the JSON answers 0.0
beside a count of 0, but a sheet is summed and averaged, and "0% on time" for a month
with nothing delivered would drag a manager's average down. The counts stay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salesos.workorders.v1 import workorders_pb2 as pb
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.export_rows import every_row
from gateway.org_names import department_names, named
from gateway.spreadsheets import Sheet

HEADERS = ["部门", "周期", "新建工单", "已接单", "平均响应(工作小时)", "P90响应(工作小时)",
           "已交付", "按时交付率", "已验收", "一次通过率"]
PERIOD_ZH = {"month": "月", "week": "周", "day": "日"}
HOURS, PERCENT = "0.00", "0.0%"


def _over(sheet: Sheet, count: int, value: float, number_format: str) -> Any:
    return sheet.cell(value, number_format) if count else None


async def metrics_sheet(rows: list[pb.MetricsRow], session: AsyncSession, *,
                        period: str) -> Callable[[], Sheet]:
    """The function that makes the sheet (for `xlsx_download`, off the event loop)."""
    async def page(cursor: str) -> tuple[list[pb.MetricsRow], str]:
        return rows, ""  # one answer: the service bounds the window (≤ 366 rows a department)

    found = await every_row(page, noun="统计行", narrow="部门或时间")
    departments = await department_names(session, {r.department for r in found})

    def build() -> Sheet:
        sheet = Sheet(f"工单指标（按{PERIOD_ZH.get(period, period)}）", HEADERS)
        for r in found:
            sheet.append([named(departments, r.department), r.period, r.created, r.accepted,
                          _over(sheet, r.accepted, r.response_hours_mean, HOURS),
                          _over(sheet, r.accepted, r.response_hours_p90, HOURS),
                          r.delivered, _over(sheet, r.delivered, r.on_time_rate, PERCENT),
                          r.reviewed, _over(sheet, r.reviewed, r.first_pass_rate, PERCENT)])
        return sheet

    return build
