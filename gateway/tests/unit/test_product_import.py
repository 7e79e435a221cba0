"""An admin imports the catalogue workbook the export gave them, edited in Excel: the same
columns come back as the same products, and every bad cell is named by its row number and
zh column before the pipeline is asked anything."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
from gateway.product_import_sheet import MAX_ROWS
from gateway.quote_lists_sheet import PRODUCT_HEADERS, append_product, products_sheet
from google.protobuf.message import Message
from salesos.pipeline.v1 import quotes_pb2 as qpb

from gateway import quotes_client

from .fake_services import Recorder, bearer, gateway_with

URL = "/api/v1/products/import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _counts(method: str, request: Message) -> Any:
    return qpb.ImportProductsResponse(created=0, updated=0, unchanged=len(request.rows))


def exported(*products: qpb.Product) -> bytes:
    sheet = products_sheet()
    for product in products:
        append_product(sheet, product)
    return sheet.save().read()


def workbook(*rows: list[Any], headers: list[str] = PRODUCT_HEADERS) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_excel_writes(data: bytes, placeholder: str, stored: str) -> bytes:
    """`data` with a number cell as Excel stores it (all 17 digits: 1100.0000000000002,
    where openpyxl writes 1100)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            part = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                part = part.replace(f"<v>{placeholder}</v>".encode(), f"<v>{stored}</v>".encode())
            dst.writestr(item, part)
    return out.getvalue()


async def upload(data: bytes, *, role: str = "admin", name: str = "产品目录.xlsx",
                 answer: Any = _counts) -> tuple[Any, Recorder]:
    pipeline = Recorder(answer)
    async with gateway_with({quotes_client._quotes: pipeline}) as gw:
        reply = await gw.post(URL, headers=bearer(role), files={"file": (name, data, XLSX)})
    return reply, pipeline


async def test_the_exported_workbook_imports_as_the_same_products() -> None:
    machine = qpb.Product(code="PAL-R200", kind="product", kind_label="主机产品",
                          name="码垛机器人 R200", list_price_fen=56_000_001, unit="台",
                          active=True)
    option = qpb.Product(code="OPT-MON", kind="option", kind_label="选配", name="远程监控",
                         list_price_fen=1_000_050, unit="套", fits=["PAL-R200", "AGV-500"],
                         active=False)
    reply, pipeline = await upload(exported(machine, option))
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"created": 0, "updated": 0, "unchanged": 2}
    rows = pipeline.last("ImportProducts").rows
    assert [(r.row, r.code, r.kind, r.name, r.list_price_fen, r.unit, list(r.fits), r.active)
            for r in rows] == [
        (2, "PAL-R200", "主机产品", "码垛机器人 R200", 56_000_001, "台", [], True),
        (3, "OPT-MON", "选配", "远程监控", 1_000_050, "套", ["PAL-R200", "AGV-500"], False)]


async def test_each_bad_cell_is_named_by_row_and_column_and_nothing_is_sent() -> None:
    data = workbook(["A-1", "甲", "主机产品", "台", 12.345, "", "是"],
                    ["", "乙", "选配", "台", -5, "", "也许"],
                    ["C-3", "", "选配", "台", "面议", "A-1", ""],
                    ["D-4", "丁", "服务包", "次", "", "", "否"])
    reply, pipeline = await upload(data)
    assert reply.status_code == 422, reply.text
    body = reply.json()
    assert [(e["row"], e["column"], e["field"]) for e in body["errors"]] == [
        (2, "目录价（元）", "rows.2.list_price"), (3, "产品编码", "rows.3.code"),
        (3, "目录价（元）", "rows.3.list_price"), (3, "在售", "rows.3.active"),
        (4, "名称", "rows.4.name"), (4, "目录价（元）", "rows.4.list_price"),
        (5, "目录价（元）", "rows.5.list_price")]
    assert body["field"] == "rows.2.list_price" and body["error_count"] == 7
    assert "两位小数" in body["errors"][0]["message"] and "负数" in body["errors"][2]["message"]
    assert body["detail"].startswith("第 2 行「目录价（元）」")
    assert not pipeline.requests  # all or nothing: the pipeline is not even asked


async def test_prices_in_yuan_become_exact_fen() -> None:
    data = workbook(["A-1", "甲", "主机产品", "台", 4242, "", ""],  # =1000*1.1 in Excel
                    ["A-2", "乙", "主机产品", "台", "12,800.5", "", ""],
                    ["A-3", "丙", "主机产品", "台", 0.07, "", ""])
    reply, pipeline = await upload(as_excel_writes(data, "4242", "1100.0000000000002"))
    assert reply.status_code == 200, reply.text
    rows = pipeline.last("ImportProducts").rows
    assert [r.list_price_fen for r in rows] == [110_000, 1_280_050, 7]
    assert not any(r.HasField("active") for r in rows)  # empty 在售: the pipeline decides


async def test_the_pipelines_refusals_come_back_with_their_columns() -> None:
    def refuse(method: str, request: Message) -> Any:
        return qpb.ImportProductsResponse(error_count=2, errors=[
            qpb.ImportRowError(row=3, field="fits", message="X 不是目录中的主机产品"),
            qpb.ImportRowError(row=9, field="code", message="产品编码 A-1 与第 2 行重复")])

    reply, _ = await upload(workbook(["A-1", "甲", "主机产品", "台", 1, "", ""]),
                            answer=refuse)
    assert reply.status_code == 422
    assert [(e["row"], e["column"]) for e in reply.json()["errors"]] == [(3, "适配产品"),
                                                                        (9, "产品编码")]
    assert reply.json()["field"] == "rows.3.fits"


async def test_only_admins_import() -> None:
    reply, pipeline = await upload(workbook(["A-1", "甲", "主机产品", "台", 1, "", ""]),
                                   role="manager")
    assert reply.status_code == 403 and not pipeline.requests


async def test_a_file_that_is_not_the_catalogue_is_refused_naming_the_file() -> None:
    missing, _ = await upload(workbook(["甲", 1], headers=["名称", "价格"]))
    assert missing.status_code == 422 and missing.json()["field"] == "file"
    assert "产品编码" in missing.json()["detail"] and "目录价（元）" in missing.json()["detail"]
    old, _ = await upload(b"\xd0\xcf\x11\xe0" + b"\0" * 100, name="产品.xls")
    assert old.status_code == 415 and ".xlsx" in old.json()["detail"]


async def test_more_rows_than_the_limit_is_413_before_the_pipeline_is_asked() -> None:
    rows = [[f"A-{n}", "甲", "主机产品", "台", 1, "", ""] for n in range(MAX_ROWS + 1)]
    reply, pipeline = await upload(workbook(*rows))
    assert reply.status_code == 413, reply.text
    assert str(MAX_ROWS) in reply.json()["detail"] and not pipeline.requests


async def test_a_csv_saved_by_excel_in_gbk_imports_too() -> None:
    text = (",".join(PRODUCT_HEADERS)
            + '\r\nOPT-MON,远程监控,选配,套,"1,000.50",PAL-R200、AGV-500,是\r\n')
    reply, pipeline = await upload(text.encode("gbk"), name="产品.csv")
    assert reply.status_code == 200, reply.text
    row = pipeline.last("ImportProducts").rows[0]
    assert (row.name, row.list_price_fen, list(row.fits), row.active) == (
        "远程监控", 100_050, ["PAL-R200", "AGV-500"], True)


async def test_a_file_over_5_mb_is_413_before_it_is_read() -> None:
    reply, pipeline = await upload(b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024))
    assert reply.status_code == 413 and "5 MB" in reply.json()["detail"]
    assert not pipeline.requests


async def test_a_zip_that_is_not_a_workbook_is_415_naming_the_file() -> None:
    # A .zip of the catalogue's photos renamed to .xlsx: readable as a zip, not as a
    # workbook. calamine says so with its own error, which was a 500.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photos/PAL-R200.txt", "not a spreadsheet")
    reply, pipeline = await upload(out.getvalue())
    assert reply.status_code == 415, reply.text
    assert reply.json()["field"] == "file" and not pipeline.requests
