"""The catalogue file's shape: its columns are the export's (`PRODUCT_HEADERS`), so an
exported workbook edited in Excel imports as it is. Each cell is checked here for what
the file alone tells (a price in 元 with at most 2 decimals, 是/否); the catalogue's rules
(kinds, codes, what fits what) are the pipeline's.

Errors name the row as Excel numbers it (the header is row 1) and the column by its zh
header; `field` is `rows.<row>.<name>` with that same row number (dotted, as every field
path of the API: `lines.1.quantity`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from salesos.pipeline.v1 import quotes_pb2 as qpb

from gateway.problems import FieldProblem, Problem, validation_problem
from gateway.product_import_file import Row, read_rows
from gateway.quote_lists_sheet import PRODUCT_HEADERS

FIELDS = ("code", "name", "kind", "unit", "list_price", "fits", "active")
COLUMN = dict(zip(FIELDS, PRODUCT_HEADERS, strict=True))  # field -> the export's header
REQUIRED = ("code", "name", "kind", "list_price")
MAX_ROWS = 5000
MAX_YUAN = Decimal(10**10)  # the pipeline's bound (100 亿元); beyond, fen overflow nothing
_YES = {"是", "y", "yes", "true", "1", "在售"}
_NO = {"否", "n", "no", "false", "0", "停售"}
_FITS_SPLIT = re.compile(r"[、，,；;\s]+")


@dataclass(frozen=True)
class CellError:
    """One bad cell of an import (the people import's too, routes/user_import.py)."""

    row: int
    field: str
    message: str
    header: str = ""  # the zh column as the file names it; "" for the catalogue's

    @property
    def column(self) -> str:
        return self.header or COLUMN.get(self.field, self.field)


def header_key(header: Any) -> str:
    """A header as compared: no spaces, half-width brackets, lower-case."""
    return re.sub(r"\s", "", str(header)).replace("（", "(").replace("）", ")").lower()


_BY_HEADER = {header_key(h): f for f, h in COLUMN.items()} | {f: f for f in FIELDS}


def columns(header: list[Any]) -> dict[str, int]:
    """Field -> column index; 422 on `file` naming every export column that is missing."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = _BY_HEADER.get(header_key(cell))
        if field is not None and field not in found:  # a second copy is ignored, as notes
            found[field] = index
    missing = [COLUMN[f] for f in REQUIRED if f not in found]
    if missing:
        raise _file_problem("第一行须为导出文件的表头，缺少列：" + "、".join(missing))
    return found


def cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code or unit Excel took for a number
    return "" if value is None else str(value).strip()


def price_fen(value: Any) -> int:
    """Integer fen from 元; ValueError saying why in zh-CN."""
    if isinstance(value, bool):
        raise ValueError("目录价须为数字（元）")
    if isinstance(value, float):
        # A double Excel holds; 15 significant digits is what Excel shows, so 1000*1.1
        # (1100.0000000000002) reads as 1100 while 12.345 still has three decimals.
        text = f"{value:.15g}"
    else:
        text = cell_text(value).replace(",", "").removeprefix("¥").removeprefix("￥")
    try:
        yuan = Decimal(text)
    except InvalidOperation:
        raise ValueError("目录价须为数字（元），如 12800 或 12800.50") from None
    if not yuan.is_finite():
        raise ValueError("目录价须为数字（元），如 12800 或 12800.50")
    if yuan < 0:
        raise ValueError("目录价不能为负数")
    if yuan != yuan.quantize(Decimal("0.01")):
        raise ValueError("目录价最多两位小数（精确到分）")
    if yuan > MAX_YUAN:
        raise ValueError("目录价不能超过 100 亿元")
    return int(yuan * 100)


def active(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if not text:
        return None
    if text in _YES or text in _NO:
        return text in _YES
    raise ValueError("在售须为 是 或 否（留空：新产品在售，已有产品保持原状态）")


def _file_problem(message: str) -> Problem:
    return validation_problem([FieldProblem("file", message)])


def load(data: bytes, filename: str) -> tuple[list[qpb.ProductImportRow], list[CellError]]:
    """The file's product rows and its bad cells (blocking: run it in a thread)."""
    rows = read_rows(data, filename)
    if len(rows) < 2:
        raise _file_problem("文件中没有产品：第一行为表头，其下每行一个产品")
    if len(rows) - 1 > MAX_ROWS:
        raise Problem(413, "payload_too_large", field="file",
                      detail=f"一次最多导入 {MAX_ROWS} 个产品，本文件有 {len(rows) - 1} 行，"
                             "请分批导入")
    return parse(rows)


def parse(rows: list[Row]) -> tuple[list[qpb.ProductImportRow], list[CellError]]:
    """The product rows under the header (rows[0]), or every bad cell."""
    where = columns(rows[0][1])
    parsed, errors = [], []
    for number, cells in rows[1:]:
        row = qpb.ProductImportRow(row=number)
        for field in FIELDS:
            index = where.get(field, len(cells))
            try:
                _fill(row, field, cells[index] if index < len(cells) else "")
            except ValueError as bad:
                errors.append(CellError(number, field, str(bad)))
        parsed.append(row)
    return parsed, errors


def _fill(row: qpb.ProductImportRow, field: str, value: Any) -> None:
    if field == "list_price":
        if cell_text(value) == "":
            raise ValueError("目录价不能为空")
        row.list_price_fen = price_fen(value)
        return
    if field == "active":
        if (state := active(value)) is not None:
            row.active = state
        return
    text = cell_text(value)
    if "\x00" in text:
        raise ValueError("不能包含空字符")
    if field in REQUIRED and not text:
        raise ValueError(f"{COLUMN[field]}不能为空")
    if field == "fits":
        row.fits.extend(c for c in _FITS_SPLIT.split(text) if c)
    else:
        setattr(row, field, text)
