"""Leads and failed import rows as .xlsx, built with openpyxl's write-only mode.

Write-only mode keeps no cell objects in memory: rows go to a temporary file as they are
appended, so a 100k-row export costs about the same memory as a 10-row one. Times are
written in Asia/Shanghai (Excel has no time zones), money as 元 with two decimals.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import IO, Any, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi.responses import StreamingResponse
from google.protobuf.timestamp_pb2 import Timestamp
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from salesos.leads.v1 import leads_pb2

from gateway.problems import Problem

T = TypeVar("T")

SHANGHAI = ZoneInfo("Asia/Shanghai")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEAD_HEADERS = ["姓名", "公司", "手机", "邮箱", "省份", "行业", "公司规模", "预算(元)", "紧急程度",
                "痛点", "决策链", "标签", "状态", "负责人", "评分", "来源", "创建时间", "分配时间"]
STATUS_ZH = {"new": "新线索", "assigned": "已分配", "unassignable": "无法分配",
             "contacted": "已联系", "qualified": "已转商机", "disqualified": "无效"}
SCALE_ZH = {"lt50": "50人以下", "50_200": "50-200人", "200_1000": "200-1000人",
            "gt1000": "1000人以上"}
URGENCY_ZH = {"high": "高", "medium": "中", "low": "低"}
ROLE_ZH = {"decider": "决策人", "influencer": "影响人", "user": "使用人"}


def inert(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """One row's values with text kept as text. openpyxl stores a string starting with "="
    as a formula: a lead named '=HYPERLINK("http://…")' on the public web form would run in
    the Excel of the manager who exports it (formula injection). Such a string becomes a
    string cell; Excel evaluates nothing stored as a string ("+", "-", "@" stay text too)."""
    return [_as_text(sheet, v) if isinstance(v, str) and v.startswith("=") else v
            for v in values]


def _as_text(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _person(username: str, names: Mapping[str, str] | None) -> str:
    """The display name, as every other export writes people (周婷); the login name when
    the directory has no name for it."""
    return (names or {}).get(username) or username


def _member(m: leads_pb2.DecisionMaker) -> str:
    who = f"{m.name}/{m.title}" if m.name and m.title else m.name or m.title
    return f"{ROLE_ZH.get(m.role, m.role)}:{who}"


class Sheet:
    """One write-only worksheet; `save()` returns a spooled file positioned at 0."""

    def __init__(self, title: str, headers: list[str]) -> None:
        self._book = Workbook(write_only=True)
        self._sheet: WriteOnlyWorksheet = self._book.create_sheet(title)
        self._sheet.append(headers)

    def _cell(self, value: Any, number_format: str | None = None) -> Any:
        cell = WriteOnlyCell(self._sheet, value=value)
        if number_format:
            cell.number_format = number_format
        return cell

    def append(self, values: Iterable[Any]) -> None:
        self._sheet.append(inert(self._sheet, values))

    def append_lead(self, lead: leads_pb2.Lead, names: Mapping[str, str] | None = None,
                    sources: Mapping[str, str] | None = None) -> None:
        """`names`: display name by username, so the owner reads 周婷, not rep01;
        `sources`: display name by source, so the source reads 2027 上海工博会."""
        budget = (Decimal(lead.budget_fen) / 100 if lead.HasField("budget_fen") else None)
        chain = "；".join(_member(m) for m in lead.decision_chain)
        self.append([
            lead.name, lead.company, lead.phone, lead.email, lead.province, lead.industry,
            SCALE_ZH.get(lead.company_scale, lead.company_scale),
            self._cell(budget, "#,##0.00"), URGENCY_ZH.get(lead.urgency, lead.urgency),
            lead.pain_point, chain, "，".join(lead.tags),
            STATUS_ZH.get(lead.status, lead.status), _person(lead.owner_username, names),
            lead.score,
            (sources or {}).get(lead.source) or lead.source,
            self._time(lead, "created_at"), self._time(lead, "assigned_at"),
        ])

    def _time(self, lead: leads_pb2.Lead, field: str) -> Any:
        if not lead.HasField(field):
            return None
        local = getattr(lead, field).ToDatetime(tzinfo=SHANGHAI).replace(tzinfo=None)
        return self._cell(local, "yyyy-mm-dd hh:mm:ss")

    def save(self) -> IO[bytes]:
        out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        self._book.save(out)
        out.seek(0)
        return out


EXPORT_MAX_ROWS = 10_000  # what one export may hold: more is refused, never cut short
Fetch = Callable[[str], Awaitable[tuple[Sequence[T], str]]]


async def every_row(fetch: Fetch[T], *, noun: str, narrow: str,
                    cap: int | None = EXPORT_MAX_ROWS) -> list[T]:
    """Every row of a cursor-paged list for an export: `fetch(cursor)` answers one page's
    rows and the next cursor ("" at the end). Past `cap` rows, export_too_large."""
    rows: list[T] = []
    cursor = ""
    while True:
        page, cursor = await fetch(cursor)
        rows += page
        if not cursor:
            return rows
        if cap is not None and len(rows) >= cap:
            raise export_too_large(noun, cap, narrow)


def export_too_large(noun: str, cap: int, narrow: str) -> Problem:
    """Past an export's cap: refused, not cut short — a truncated sheet sums to a wrong
    total and nobody notices the missing rows."""
    return Problem(422, "export_too_large",
                   detail=f"符合条件的{noun}超过 {cap} 条，请按{narrow}缩小范围后再导出")


def local(stamp: Timestamp | None) -> datetime | None:
    """A time as Shanghai wall-clock time (Excel has no time zones); None when unset."""
    if stamp is None or not stamp.ByteSize():
        return None
    return stamp.ToDatetime(tzinfo=SHANGHAI).replace(tzinfo=None)


async def xlsx_response(sheet: Sheet, filename: str, zh_name: str) -> StreamingResponse:
    """The saved sheet as a download: `filename` (ASCII) for old clients, `zh_name` (the
    name people see, e.g. 跟进记录) for the rest."""
    file = await asyncio.to_thread(sheet.save)  # zip compression: off the event loop
    return StreamingResponse(file_chunks(file), media_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename=\"{filename}.xlsx\"; "
                               f"filename*=UTF-8''{quote(zh_name + '.xlsx')}"})


async def file_chunks(file: IO[bytes], size: int = 256 * 1024) -> AsyncIterator[bytes]:
    """A saved workbook as response body pieces; the file is closed at the end."""
    try:
        while chunk := file.read(size):
            yield chunk
    finally:
        file.close()
