"""The quote list and the catalogue as .xlsx (write-only sheets from spreadsheets.py):
zh-CN headers, amounts in 元 with two decimals from integer fen, times in Asia/Shanghai."""

from __future__ import annotations

from typing import Any

from salesos.pipeline.v1 import quotes_pb2 as qpb

from gateway.spreadsheets import Sheet

QUOTE_HEADERS = ["客户", "商机", "版本", "状态", "折扣审批", "小计（元）", "折扣", "折扣（元）",
                 "合计（元）", "销售", "创建时间", "发出时间", "接受时间", "产品"]
PRODUCT_HEADERS = ["产品编码", "名称", "类型", "单位", "目录价（元）", "适配产品", "在售"]


def _time(sheet: Sheet, message: Any, field: str) -> Any:
    return sheet.time(getattr(message, field) if message.HasField(field) else None)


def quotes_sheet() -> Sheet:
    return Sheet("报价", QUOTE_HEADERS)


def append_quote(sheet: Sheet, q: qpb.Quote, people: dict[str, str]) -> None:
    """`people`: display name by username (org_names.names_by_username)."""
    whole, rest = divmod(q.discount_bp, 100)
    discount = f"{whole}%" if not rest else f"{whole}.{rest:02d}".rstrip("0") + "%"
    sheet.append([
        q.account_name, q.opportunity_title, q.version, q.state_label, q.approval_label,
        sheet.money(q.subtotal_fen), discount, sheet.money(q.discount_fen),
        sheet.money(q.total_fen), people.get(q.owner_username, q.owner_username),
        _time(sheet, q, "created_at"), _time(sheet, q, "issued_at"),
        _time(sheet, q, "accepted_at"),
        "，".join(f"{x.product_name}×{x.quantity}" for x in q.lines)])


def products_sheet() -> Sheet:
    return Sheet("产品目录", PRODUCT_HEADERS)


def append_product(sheet: Sheet, p: qpb.Product) -> None:
    sheet.append([p.code, p.name, p.kind_label, p.unit, sheet.money(p.list_price_fen),
                  "、".join(p.fits), "是" if p.active else "否"])
