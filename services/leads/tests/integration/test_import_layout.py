"""Lists as people keep them in Excel: a title line above the header, blank lines between
groups. The list still imports, and errors.xlsx's 原行号 is the row Excel shows."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from leads.service_layer import handlers
from openpyxl import Workbook
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from sqlalchemy import text

from .test_imports import phone, run_all, status_of, upload

pytestmark = pytest.mark.integration


def titled_sheet(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["2026 工博会客户名单（展位 A12）"])  # row 1: a title across the columns
    sheet.merge_cells("A1:D1")
    sheet.append(["整理人：王芳"])                        # row 2: a note
    sheet.append([])                                         # row 3: blank
    sheet.append(["姓名", "公司", "手机", "省份"])           # row 4: the header
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_title_above_the_header_imports_and_bad_rows_name_the_row_excel_shows(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("rep", user_id=f"user-{uuid.uuid4()}")
    tag = uuid.uuid4().hex[:8]  # companies of their own: no other test's lead matches
    data = titled_sheet([["王伟", f"展商{tag}甲", phone(), "江苏"],   # row 5
                         [],                                          # row 6: blank
                         ["李娜", f"展商{tag}乙", "12345", "江苏"],   # row 7: a bad phone
                         ["张三", f"展商{tag}丙", phone(), "江苏"]])  # row 8
    accepted = await upload(leads_stub, me, "展会名单.xlsx", data)
    await run_all(deps)
    ask = leads_pb2.GetImportRequest(import_id=accepted.import_id)
    done = await leads_stub.GetImport(ask, metadata=me)
    assert (done.state, done.error, done.rows_created, done.rows_failed) == ("done", "", 2, 1)
    errors = [e async for e in leads_stub.ListImportErrors(ask, metadata=me)]
    assert [(e.row_number, e.values[0]) for e in errors] == [(7, "李娜")]
    assert list(errors[0].headers) == ["姓名", "公司", "手机", "省份"]


async def test_a_csv_with_blank_lines_names_the_line_of_each_bad_row(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("rep", user_id=f"user-{uuid.uuid4()}")
    data = (f"姓名,手机\n\n赵{uuid.uuid4().hex[:6]},{phone()}\n,,\n李娜,12345\n").encode()
    accepted = await upload(leads_stub, me, "名单.csv", data)
    await run_all(deps)
    ask = leads_pb2.GetImportRequest(import_id=accepted.import_id)
    errors = [e async for e in leads_stub.ListImportErrors(ask, metadata=me)]
    assert [(e.row_number, e.values[0]) for e in errors] == [(5, "李娜")]


async def test_a_sheet_whose_first_rows_hold_no_contact_column_is_still_refused(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("rep", user_id=f"user-{uuid.uuid4()}")
    accepted = await upload(leads_stub, me, "杂项.csv", "颜色,尺寸\n红,大\n蓝,小\n".encode())
    await run_all(deps)
    done = await leads_stub.GetImport(leads_pb2.GetImportRequest(
        import_id=accepted.import_id), metadata=me)
    assert (done.state, done.rows_created) == ("failed", 0)
    assert "手机" in done.error


async def test_a_phone_excel_wrote_in_scientific_notation_imports_when_whole_else_says_why(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    """A CSV saved from Excel carries a long number as Excel displayed it. 1.38123E+10
    with all eleven digits is the number; 1.38123E+10 with digits cut off cannot be
    guessed back, and the user is told what happened instead of "format incorrect"."""
    me = auth("rep", user_id=f"user-{uuid.uuid4()}")
    whole = phone()
    shown = f"{whole[0]}.{whole[1:]}E+10"                    # every digit kept
    cut = f"{whole[0]}.{whole[1:6]}E+10"                     # 1.37xxxxE+10: digits lost
    data = f"姓名,手机\n钱{uuid.uuid4().hex[:6]},{shown}\n孙{uuid.uuid4().hex[:6]},{cut}\n"
    accepted = await upload(leads_stub, me, "名单.csv", data.encode())
    await run_all(deps)
    ask = leads_pb2.GetImportRequest(import_id=accepted.import_id)
    done = await leads_stub.GetImport(ask, metadata=me)
    assert (done.rows_created, done.rows_failed) == (1, 1)
    assert await status_of(deps, whole)  # stored under the whole number
    [error] = [e async for e in leads_stub.ListImportErrors(ask, metadata=me)]
    assert error.row_number == 3 and "科学计数法" in error.reason


async def test_a_tab_separated_list_under_a_title_line_reads_as_columns(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    """A list copied out of a web page under its title and saved as .csv: the title line
    has no separator, the header and rows are tab-separated."""
    me = auth("rep", user_id=f"user-{uuid.uuid4()}")
    number = phone()
    data = f"2026 工博会客户\n姓名\t公司\t手机\n周{uuid.uuid4().hex[:6]}\t精工,机械\t{number}\n"
    accepted = await upload(leads_stub, me, "名单.csv", data.encode())
    await run_all(deps)
    done = await leads_stub.GetImport(leads_pb2.GetImportRequest(
        import_id=accepted.import_id), metadata=me)
    assert (done.state, done.rows_created) == ("done", 1)
    assert await status_of(deps, number)


async def test_a_company_cell_merged_over_its_contacts_rows_belongs_to_each_of_them(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    """Three contacts of one customer, its name typed once in a cell merged down their
    rows (how such lists are kept): each lead has the company, not only the first."""
    me = auth("rep", user_id=f"user-{uuid.uuid4()}")
    company, numbers = f"苏州{uuid.uuid4().hex[:6]}精工有限公司", [phone() for _ in range(3)]
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "公司", "手机"])
    for name, number in zip(("吴一", "吴二", "吴三"), numbers, strict=True):
        sheet.append([name, company if name == "吴一" else None, number])
        if name == "吴二":
            sheet.append([])  # a blank spacer row inside the merge: still no row
    sheet.merge_cells("B2:B5")
    out = io.BytesIO()
    book.save(out)
    accepted = await upload(leads_stub, me, "客户.xlsx", out.getvalue())
    await run_all(deps)
    async with deps.sessions() as session:
        found = (await session.execute(text(
            "SELECT company FROM leads WHERE phone = ANY(:p)"),
            {"p": [f"+86{n}" for n in numbers]})).scalars().all()
    assert sorted(found) == [company] * 3, accepted.import_id
    done = await leads_stub.GetImport(leads_pb2.GetImportRequest(
        import_id=accepted.import_id), metadata=me)
    assert (done.rows_created, done.rows_failed) == (3, 0)
