"""Which kind of file an upload is. A spreadsheet is an .xlsx (a zip container) or a CSV
(text in UTF-8, with or without BOM, or GBK, as Excel in China saves it). Anything else -
an old binary .xls, an image, a PDF - is refused with a message that says what to do."""

from __future__ import annotations

XLSX, CSV = "xlsx", "csv"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # legacy .xls / .doc
MAX_BYTES = 20 * 1024 * 1024


class NotASpreadsheet(ValueError):
    pass


def csv_encoding(head: bytes) -> str:
    """utf-8-sig covers UTF-8 with and without BOM; GBK otherwise (GB18030 decodes it)."""
    try:
        head.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as error:
        # The head may end inside a multi-byte character; only an early error counts.
        if error.start >= len(head) - 3:
            return "utf-8-sig"
    try:
        head.decode("gb18030")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            raise NotASpreadsheet("CSV 文件编码无法识别，请保存为 UTF-8 或 GBK 编码") from error
    return "gb18030"


def csv_delimiter(header_line: str) -> str:
    """The separator of a .csv by its header line: a comma, or a tab (a list copied out of
    Excel or a web page and saved as .csv) or a semicolon when the line holds more of
    those; one column has none and stays comma-separated."""
    counts = {sep: header_line.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def detect(filename: str, head: bytes) -> str:
    """XLSX or CSV from the name and the first bytes; NotASpreadsheet says why not."""
    name = filename.lower()
    if head.startswith(_OLE) or name.endswith(".xls"):
        raise NotASpreadsheet("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入")
    if name.endswith((".xlsx", ".xlsm")):
        if not head.startswith(_ZIP):
            raise NotASpreadsheet("文件扩展名是 .xlsx，但内容不是有效的 Excel 文件")
        return XLSX
    if name.endswith(".csv"):
        if b"\x00" in head or head.startswith(_ZIP):
            raise NotASpreadsheet("文件扩展名是 .csv，但内容不是文本格式的 CSV")
        csv_encoding(head)
        return CSV
    raise NotASpreadsheet("只支持 .xlsx 或 .csv 文件，请从 Excel 另存为其中一种格式")
