"""An uploaded file (.xlsx or .csv) as numbered rows of cell values: the catalogue's
(product_import_sheet.py) and the people's (user_import_sheet.py).

.xlsx is read with python-calamine, as the leads import does (a few ms for thousands of
rows; openpyxl's read-only mode takes ~15x longer, holding the GIL the event loop needs).
calamine keeps the sheet's cells in memory, so the workbook's unpacked size is checked
first: a 5 MB upload of repeated cells can unpack to gigabytes (a "zip bomb").
Numbers come back as floats, text as str, TRUE/FALSE as bool, empty cells as "".
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from gateway.problems import Problem

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
SHEET_NAME = "产品目录"  # the export's sheet; else the first sheet with anything in it
Row = tuple[int, list[Any]]  # (row number as Excel shows it, cell values)


def _unsupported(detail: str) -> Problem:
    return Problem(415, "unsupported_media_type", detail=detail, field="file")


def read_rows(data: bytes, filename: str, sheet_name: str = SHEET_NAME) -> list[Row]:
    """Every non-blank row with its number; 415 for a file neither .xlsx nor .csv.
    `sheet_name`: the export's sheet, read first (the people import's is 用户)."""
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data, sheet_name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _unsupported("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入")
    if filename.lower().endswith(".csv") or not filename:
        return _csv_rows(data)
    raise _unsupported("请上传 .xlsx 或 .csv 文件")


def _xlsx_rows(data: bytes, sheet_name: str) -> list[Row]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise Problem(413, "payload_too_large", field="file",
                          detail=f"工作簿解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB")
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    # CalamineError: a zip that is no workbook ("Cannot detect file format"), or a
    # damaged part of one; it is not a ValueError.
    except (zipfile.BadZipFile, CalamineError, ValueError, OSError) as broken:
        raise _unsupported("无法读取该 .xlsx 文件，请确认文件未损坏") from broken
    try:
        names = book.sheet_names
        order = sorted(range(len(names)), key=lambda i: names[i] != sheet_name)
        for index in order:
            grid = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
            rows = [(n, cells) for n, cells in enumerate(grid, start=1) if _filled(cells)]
            if rows:
                return rows
        return []
    except (CalamineError, ValueError, OSError) as broken:  # a damaged sheet
        raise _unsupported("无法读取该 .xlsx 文件，请确认文件未损坏") from broken
    finally:
        book.close()


def _csv_rows(data: bytes) -> list[Row]:
    try:  # Excel saves "CSV UTF-8" with a BOM, and plain "CSV" in GBK on zh-CN Windows
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as wrong:
            raise _unsupported("无法识别 .csv 文件的编码，请保存为 UTF-8 或 GBK") from wrong
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(n, cells) for n, cells in enumerate(records, start=1) if _filled(cells)]


def _filled(cells: list[Any]) -> bool:
    return any(c not in ("", None) and not (isinstance(c, str) and not c.strip())
               for c in cells)
