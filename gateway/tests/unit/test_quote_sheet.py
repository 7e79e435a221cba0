"""A quote's .xlsx: zh-CN headers, amounts in 元 with two decimals from integer fen."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
from gateway.quote_sheet import HEADERS, quote_workbook
from salesos.pipeline.v1 import quotes_pb2 as qpb


def test_amounts_are_yuan_from_fen_with_two_decimals_and_the_discount_is_negative() -> None:
    quote = qpb.Quote(
        version=3, state_label="已发出", account_name="苏州精工机械有限公司",
        opportunity_title="码垛线", owner_username="rep01", note="含安装",
        lines=[qpb.QuoteLineItem(product_code="PAL-R200", product_name="码垛机器人 R200",
                                 kind="product", unit="台", quantity=2,
                                 unit_price_fen=56_000_001, line_total_fen=112_000_002)],
        subtotal_fen=112_000_002, discount_bp=1250, discount_fen=14_000_000,
        total_fen=98_000_002)
    quote.created_at.FromDatetime(datetime(2026, 11, 26, 17, 30, tzinfo=UTC))
    sheet = openpyxl.load_workbook(io.BytesIO(quote_workbook(quote))).active
    rows = list(sheet.values)
    heads = {r[0]: r[1] for r in rows[:9]}
    assert (heads["日期"], heads["版本"], heads["备注"]) == ("2026-11-27", "V3", "含安装")
    line = rows[rows.index(tuple(HEADERS)) + 1]
    assert line[:3] == (1, "PAL-R200", "码垛机器人 R200") and line[-2:] == (560_000.01,
                                                                        1_120_000.02)
    assert [r[-2:] for r in rows[-3:]] == [("小计（元）", 1_120_000.02),
                                          ("折扣 12.5%（元）", -140_000),
                                          ("合计（元）", 980_000.02)]
    assert sheet.cell(row=sheet.max_row, column=8).number_format == "#,##0.00"


def test_a_customer_named_like_a_formula_stays_text_in_the_quote() -> None:
    # The account name comes from the lead's company, typed by anyone into a public form.
    quote = qpb.Quote(version=1, account_name='=HYPERLINK("http://evil.example","查看")',
                      note="=1+1")
    quote.created_at.FromDatetime(datetime(2026, 11, 26, 17, 30, tzinfo=UTC))
    sheet = openpyxl.load_workbook(io.BytesIO(quote_workbook(quote))).active
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2, max_row=8)}
    assert {(cells[k].value, cells[k].data_type) for k in ("客户", "备注")} == {
        ('=HYPERLINK("http://evil.example","查看")', "s"), ("=1+1", "s")}
