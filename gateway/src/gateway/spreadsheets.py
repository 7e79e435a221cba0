"""Every .xlsx the gateway hands out, built one way: `xlsx_download`.

openpyxl is pure Python: 10,000 rows of cells, their XML and the zip take seconds of CPU
on a busy machine (appending, not just saving). On the event loop that stalls every other
request of the replica, the intake of new leads included. So a route first awaits what it
needs (pages, names), then gives `xlsx_download` a plain function that makes the workbook
from those rows; it runs, with the save, in a worker thread. A stream too long to hold
(the lead export) is written batch by batch in worker threads by `write_stream`.
`xlsx_download` is also the one place the download's headers are written.

Sheets are openpyxl's write-only mode: no cell objects kept, rows go to a temporary file
as they are appended. Times are written in Asia/Shanghai (Excel has no time zones), money
as 元 with two decimals.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import IO, Any, TypeVar

from fastapi.responses import StreamingResponse
from google.protobuf.timestamp_pb2 import Timestamp
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gateway.disposition import ASCII_NAME, attachment
from gateway.timefilters import SHANGHAI

T = TypeVar("T")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YUAN = "#,##0.00"  # 8,900.00 in every money column
MINUTES = "yyyy-mm-dd hh:mm"
STREAM_BATCH = 500  # rows of a stream held, then written in one worker-thread hop


def inert(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """One row's values with text kept as text. openpyxl stores a string starting with "="
    as a formula: a lead named '=HYPERLINK("http://…")' on the public web form would run in
    the Excel of the manager who exports it (formula injection). Such a string becomes a
    string cell; Excel evaluates nothing stored as a string ("+", "-", "@" stay text too).
    Control characters a workbook cannot hold are dropped: openpyxl raises on them, and
    one such name stored anywhere made the whole export a 500."""
    return [_cell_value(sheet, v) for v in values]


def _cell_value(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return _as_text(sheet, value) if value.startswith("=") else value


def _as_text(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


class Sheet:
    """One write-only worksheet (`add` puts more in the same workbook); `save()` returns a
    spooled file positioned at 0. Filled and saved in `xlsx_download`'s or
    `write_stream`'s worker thread: appending is where openpyxl spends its CPU."""

    def __init__(self, title: str, headers: list[str], book: Workbook | None = None) -> None:
        self._book = book or Workbook(write_only=True)
        self._sheet: WriteOnlyWorksheet = self._book.create_sheet(title)
        self._sheet.append(headers)

    def add(self, title: str, headers: list[str]) -> Sheet:
        """Another worksheet of this workbook, saved with it."""
        return Sheet(title, headers, self._book)

    def cell(self, value: Any, number_format: str | None = None) -> Any:
        cell = WriteOnlyCell(self._sheet, value=value)
        if number_format:
            cell.number_format = number_format
        return cell

    def money(self, fen: int) -> Any:
        """Fen as 元 with two decimals, a number Excel can sum (never a float)."""
        return self.cell(Decimal(fen) / 100, YUAN)

    def time(self, stamp: Timestamp | None, number_format: str = MINUTES) -> Any:
        """A moment as Shanghai wall-clock time; empty when unset."""
        moment = local(stamp)
        return None if moment is None else self.cell(moment, number_format)

    def append(self, values: Iterable[Any]) -> None:
        self._sheet.append(inert(self._sheet, values))

    def save(self) -> IO[bytes]:
        out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        self._book.save(out)
        out.seek(0)
        return out


async def xlsx_download(build: Callable[[], Sheet | IO[bytes]], filename: str,
                        zh_name: str) -> StreamingResponse:
    """The workbook `build` makes, as a download named `zh_name`.xlsx (拜访记录.xlsx;
    `filename`.xlsx, ASCII, for clients that cannot read RFC 5987 names).

    `build` runs in a worker thread, so it only computes: no awaiting, no database
    session. It answers a Sheet (saved here, in the same thread) or an already saved file
    (a workbook of several sheets)."""
    file = await asyncio.to_thread(_saved, build)
    return StreamingResponse(_chunks(file), media_type=XLSX,
                             headers={"Content-Disposition": disposition(filename, zh_name)})


def disposition(filename: str, zh_name: str) -> str:
    """An .xlsx download's header: `filename`.xlsx (ASCII) for old clients, `zh_name`.xlsx
    for the rest."""
    if not ASCII_NAME.fullmatch(filename):
        raise ValueError(f"the ASCII file name must be plain letters and digits: {filename!r}")
    return attachment(zh_name + ".xlsx", filename + ".xlsx")


def _saved(build: Callable[[], Sheet | IO[bytes]]) -> IO[bytes]:
    made = build()
    return made.save() if isinstance(made, Sheet) else made


async def _chunks(file: IO[bytes], size: int = 256 * 1024) -> AsyncIterator[bytes]:
    """A saved workbook as response body pieces; the file is closed at the end."""
    try:
        while chunk := file.read(size):
            yield chunk
    finally:
        file.close()


async def write_stream(sheet: Sheet, rows: AsyncIterable[T],
                       write: Callable[[Sheet, T], None]) -> Sheet:
    """`write(sheet, row)` for every row of a stream, STREAM_BATCH rows per worker-thread
    hop: the loop only receives, and memory holds one batch however long the stream.
    One hop at a time, so the sheet is never written by two threads at once."""
    batch: list[T] = []
    async for row in rows:
        batch.append(row)
        if len(batch) >= STREAM_BATCH:
            await asyncio.to_thread(_write_all, sheet, write, batch)
            batch = []
    await asyncio.to_thread(_write_all, sheet, write, batch)
    return sheet


def _write_all(sheet: Sheet, write: Callable[[Sheet, T], None], rows: list[T]) -> None:
    for row in rows:
        write(sheet, row)


def local(stamp: Timestamp | None) -> datetime | None:
    """A time as Shanghai wall-clock time (Excel has no time zones); None when unset."""
    if stamp is None or not stamp.ByteSize():
        return None
    return stamp.ToDatetime(tzinfo=SHANGHAI).replace(tzinfo=None)


def wall_clock(at: datetime | None) -> datetime | None:
    """A stored moment as a whole-second Shanghai wall-clock time (Excel has no time
    zones and shows no microseconds); None when unset."""
    return at.astimezone(SHANGHAI).replace(tzinfo=None, microsecond=0) if at else None
