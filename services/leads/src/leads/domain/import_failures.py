"""Why an import's file could not be imported: the zh-CN text the job stores and shows
(`imports.error`), and a stable code for readers of other languages (leads.import_finished's
`error_code`, proto Coded). A stored error is one of these texts, so its code is found by
the text; one stored before, or not listed here, has none (notifications then shows it as
it is)."""

from __future__ import annotations

# Rows looked at for the header: a list kept in Excel often opens with a title line
# ("2026 工博会客户名单") and a note or two above its header (domain/import_rows.py).
HEADER_SCAN = 10
EMPTY = "文件中没有任何内容"
NO_CONTACT_COLUMN = (f"前 {HEADER_SCAN} 行中没有含“手机”、“邮箱”或“微信”列的表头，"
                     "无法导入；请检查表头")
# What NO_CONTACT_COLUMN said when only the first row was taken for the header.
_FIRST_ROW_ONLY = "表头中没有“手机”、“邮箱”或“微信”列，无法导入；请检查第一行是否为表头"
UNREADABLE = "文件无法读取，请确认是有效的 .xlsx 或 .csv 文件"

CODES = {EMPTY: "empty_file", NO_CONTACT_COLUMN: "no_contact_column",
         _FIRST_ROW_ONLY: "no_contact_column", UNREADABLE: "unreadable_file"}


def code_of(error: str) -> str:
    """The stored error's code; "" for none (no error, or a text not listed here)."""
    return CODES.get(error, "")
