"""One quote as an .xlsx the customer could be sent: zh-CN headers, amounts in 元 with two
decimals (Decimal from integer fen, never a float), times in Asia/Shanghai."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from salesos.pipeline.v1 import quotes_pb2 as qpb

from gateway.spreadsheets import SHANGHAI, YUAN

HEADERS = ["序号", "产品编码", "产品名称", "类型", "单位", "数量", "单价（元）", "金额（元）"]
KIND_ZH = {"product": "主机产品", "option": "选配", "addon": "附加设备", "service": "服务包"}


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def _percent(bp: int) -> str:
    whole, rest = divmod(bp, 100)
    return f"{whole}%" if not rest else f"{whole}.{rest:02d}".rstrip("0") + "%"


def quote_workbook(quote: qpb.Quote, seller: str = "") -> bytes:
    """`seller`: the rep's name as the customer knows them (default: the login name)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "报价单"
    when = quote.issued_at if quote.HasField("issued_at") else quote.created_at
    sheet.append(["报价单"])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in (("客户", quote.account_name), ("商机", quote.opportunity_title),
                         ("版本", f"V{quote.version}"), ("状态", quote.state_label),
                         ("销售", seller or quote.owner_username), ("备注", quote.note),
                         ("日期", when.ToDatetime(tzinfo=SHANGHAI).strftime("%Y-%m-%d"))):
        sheet.append([label, value])
    sheet.append([])
    sheet.append(HEADERS)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for i, line in enumerate(quote.lines, start=1):
        sheet.append([i, line.product_code, line.product_name, KIND_ZH.get(line.kind, line.kind),
                      line.unit, line.quantity, _yuan(line.unit_price_fen),
                      _yuan(line.line_total_fen)])
        _money(sheet, sheet.max_row, "G", "H")
    for label, fen in (("小计（元）", quote.subtotal_fen),
                       (f"折扣 {_percent(quote.discount_bp)}（元）", -quote.discount_fen),
                       ("合计（元）", quote.total_fen)):
        sheet.append([None] * 6 + [label, _yuan(fen)])
        _money(sheet, sheet.max_row, "H")
    sheet[f"H{sheet.max_row}"].font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (8, 14, 28, 10, 6, 8, 18, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # nothing here is a formula: see spreadsheets.inert
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _money(sheet: object, row: int, *columns: str) -> None:
    for column in columns:
        sheet[f"{column}{row}"].number_format = YUAN  # type: ignore[index]
