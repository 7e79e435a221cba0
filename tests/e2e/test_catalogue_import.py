"""The admin keeps the catalogue in Excel: exports it, changes a price and adds an option in
the workbook, imports it back; new quotes use the new price, quotes already made keep
theirs. A workbook with one bad cell changes nothing and says which row and column. Reps
cannot import."""

from __future__ import annotations

import io
import uuid

import httpx
import openpyxl
import pytest

from tests.e2e.deal_path import walk_to
from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def quote(client: httpx.Client, rep: dict[str, str], *codes: str) -> dict:
    deal = client.post("/api/v1/opportunities", headers=rep, json={
        "account_name": f"无锡精密{uuid.uuid4().hex[:8]}有限公司", "title": "产线升级",
        "industry": "汽车零部件", "scale": "200_1000"})
    assert deal.status_code == 201, deal.text
    walk_to(client, rep, deal.json()["id"], "solution_design")  # quoted from 方案设计 on
    made = client.post(f"/api/v1/opportunities/{deal.json()['id']}/quotes", headers=rep,
                       json={"lines": [{"product_code": c, "quantity": 1} for c in codes]})
    assert made.status_code == 201, made.text
    return made.json()


def upload(client: httpx.Client, who: dict[str, str], book: openpyxl.Workbook
           ) -> httpx.Response:
    out = io.BytesIO()
    book.save(out)
    return client.post("/api/v1/products/import", headers=who,
                       files={"file": ("产品目录.xlsx", out.getvalue(), XLSX)})


def test_admin_edits_the_exported_catalogue_in_excel_and_imports_it(client) -> None:
    admin, rep = login(client, "admin"), login(client, "rep01")
    machine, option = f"LINE-{uuid.uuid4().hex[:6].upper()}", f"OPT-{uuid.uuid4().hex[:6].upper()}"
    made = client.post("/api/v1/products", headers=admin, json={
        "code": machine, "kind": "product", "name": "装配线 L1", "list_price_fen": 100_000_00})
    assert made.status_code == 201, made.text
    old = quote(client, rep, machine)

    export = client.get("/api/v1/products/export.xlsx", headers=admin)
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    price, code_col = header.index("目录价（元）") + 1, header.index("产品编码") + 1
    mine = next(r for r in range(2, sheet.max_row + 1)
                if sheet.cell(r, code_col).value == machine)
    sheet.cell(mine, price).value = 120_000.5
    sheet.append([option, "视觉检测", "选配", "套", 8_000, machine, "是"])
    total = sheet.max_row - 1
    imported = upload(client, admin, book)
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"created": 1, "updated": 1, "unchanged": total - 2}
    assert upload(client, admin, book).json() == {"created": 0, "updated": 0,
                                                  "unchanged": total}

    new = quote(client, rep, machine, option)
    assert [line["unit_price_fen"] for line in new["lines"]] == [120_000_50, 8_000_00]
    again = client.get(f"/api/v1/quotes/{old['id']}", headers=rep).json()
    assert again["lines"][0]["unit_price_fen"] == 100_000_00
    assert again["total_fen"] == old["total_fen"]

    sheet.cell(mine, price).value = 150_000
    sheet.cell(sheet.max_row, price).value = 12.345   # the option's price: three decimals
    refused = upload(client, admin, book)
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert (problem["errors"][0]["row"], problem["errors"][0]["column"]) == (
        sheet.max_row, "目录价（元）")
    assert problem["field"] == f"rows.{sheet.max_row}.list_price"
    product = client.get(f"/api/v1/products/{machine}", headers=rep).json()
    assert product["list_price_fen"] == 120_000_50   # the good row was not written either

    denied = upload(client, rep, book)
    assert denied.status_code == 403
    assert denied.headers["content-type"].startswith("application/problem+json")
