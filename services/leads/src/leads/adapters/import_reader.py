"""Rows of an uploaded spreadsheet as lists of strings, one at a time.

An .xlsx is read with python-calamine (Rust's calamine): ~7 us a row against ~100 us for
openpyxl's read-only mode, which for a 100k-row workbook was ~10 s of the leads process's
CPU, in a thread holding the GIL the event loop needs. calamine holds the sheet's cells
in memory (a 20 MB upload at most: some hundred MB at worst), not only one row.
openpyxl still answers the row count (the sheet's <dimension>, without reading rows).
Numbers typed into Excel come back as numbers: 13812345678.0 must read as the phone number
"13812345678", not a float; empty cells come back as "".
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from leads.domain.import_files import XLSX, csv_delimiter, csv_encoding


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


class Rows(Iterator[list[str]]):
    """Every non-blank row, the header row first. An .xlsx is read from its first worksheet
    that has any (`sheet`): a workbook often opens with an empty or instructions-only sheet
    in front of the list, which read as "the file is empty".

    Blank rows are skipped, but the row number each row has in the file (Excel's, which
    is also the CSV's record number) is kept in `lines` until `take_lines` hands it on:
    errors.xlsx's 原行号 must be the row the user finds in Excel, not the count of
    non-blank rows before it."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.sheet = 0
        self.first_line = 1  # the sheet's row number of the first row read (xlsx)
        source = self._xlsx_rows(path) if fmt == XLSX else _csv_rows(path)
        self._rows = ((n, row) for n, row in enumerate(source) if any(row))
        self.lines: deque[int] = deque()

    def __next__(self) -> list[str]:
        index, row = next(self._rows)
        self.lines.append(self.first_line + index)
        return row

    def take_lines(self, count: int) -> list[int]:
        """The lines of the next `count` rows returned and not yet taken."""
        return [self.lines.popleft() for _ in range(count)]

    def _xlsx_rows(self, path: Path) -> Iterator[list[str]]:
        book = CalamineWorkbook.from_path(str(path))
        try:
            for index in range(len(book.sheet_names)):
                started = False
                sheet = book.get_sheet_by_index(index)
                merged = _merged(sheet)
                # iter_rows starts at the sheet's row 1 (blank rows above the data
                # included), so `number` is Excel's row number less one.
                for number, values in enumerate(sheet.iter_rows()):
                    row = [_text(v) for v in values]
                    if merged and any(row):  # a blank spacer row inside a merge stays blank
                        merged.fill(row, number)
                    if not started and any(row):
                        self.sheet, started = index, True
                        self.first_line = number + 1
                    if started:
                        yield row
                if started:
                    return
        finally:
            book.close()


class _Merged:
    """Cells under the first row of a merged range (Excel shows the first row's value
    down the whole range; the file holds it once): a company typed once in a cell
    merged down its three contacts' rows belongs to each of them. Only down a range's
    first column: a range across columns is one label, not a value for each column."""

    def __init__(self, ranges: list[tuple[tuple[int, int], tuple[int, int]]],
                 first_column: int) -> None:
        self.tops: dict[int, list[int]] = {}  # a range's first row -> its columns
        self.below: dict[int, list[tuple[int, int]]] = {}  # row -> [(column, first row)]
        for (top, left), (bottom, _) in ranges:
            if bottom > top:
                self.tops.setdefault(top, []).append(left - first_column)
                for row in range(top + 1, bottom + 1):
                    self.below.setdefault(row, []).append((left - first_column, top))
        self.values: dict[tuple[int, int], str] = {}  # (first row, column) -> its text

    def __bool__(self) -> bool:
        return bool(self.tops)

    def fill(self, row: list[str], number: int) -> None:
        for column in self.tops.get(number, ()):
            if 0 <= column < len(row):
                self.values[(number, column)] = row[column]
        for column, top in self.below.get(number, ()):
            if 0 <= column < len(row) and not row[column]:
                row[column] = self.values.get((top, column), "")


def _merged(sheet: Any) -> _Merged:
    return _Merged(getattr(sheet, "merged_cell_ranges", None) or [],
                   (sheet.start or (0, 0))[1])


def rows(path: Path, fmt: str) -> Rows:
    return Rows(path, fmt)


def count_rows(path: Path, fmt: str, sheet: int = 0) -> int | None:
    """Data rows (header excluded) when cheap to know; None when only reading tells.
    `sheet`: the worksheet `Rows` reads (its `.sheet` once it gave the header)."""
    if fmt == XLSX:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[sheet]
            return None if sheet.max_row is None else max(0, sheet.max_row - 1)
        finally:
            book.close()
    return max(0, sum(1 for _ in rows(path, fmt)) - 1)


_SEPARATORS = frozenset(",\t;")


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open("rb") as raw:
        encoding = csv_encoding(raw.read(64 * 1024))
    with path.open(encoding=encoding, newline="", errors="replace") as text:
        # Judged by the first line with a separator: a title line above the header
        # (「2026 工博会客户」) has none and would make a tab-separated list one column.
        head = list(islice(text, 10))
        delimiter = csv_delimiter(next((line for line in head if _SEPARATORS & set(line)),
                                       head[0] if head else ""))
        text.seek(0)
        for values in csv.reader(text, delimiter=delimiter):
            yield [v.strip() for v in values]
