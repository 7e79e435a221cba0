from datetime import date, datetime
from pathlib import Path

import pytest
from leads.adapters import import_reader
from openpyxl import Workbook
from python_calamine import CalamineError


def test_xlsx_cells_read_as_the_text_people_typed(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "手机", "日期", "预算", "备注", "是否"])
    sheet.append([" 王伟 ", 13812345678, date(2026, 11, 27), 12.5, None, True])
    sheet.append([None, None, None, None, None, None])  # a blank row is skipped
    sheet.append(["李娜", "139 1234 5678", datetime(2026, 11, 27, 9, 30), 500000, "", False])
    path = tmp_path / "a.xlsx"
    book.save(path)
    assert list(import_reader.rows(path, "xlsx")) == [
        ["姓名", "手机", "日期", "预算", "备注", "是否"],
        ["王伟", "13812345678", "2026-11-27", "12.5", "", "True"],
        ["李娜", "139 1234 5678", "2026-11-27T09:30:00", "500000", "", "False"]]
    assert import_reader.count_rows(path, "xlsx") == 3


def test_a_broken_xlsx_raises_the_readers_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CalamineError):
        list(import_reader.rows(path, "xlsx"))


def test_a_workbook_opening_with_an_empty_sheet_is_read_from_the_sheet_with_the_list(
        tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "说明"  # often an instructions sheet, here left empty
    listed = book.create_sheet("线索")
    listed.append(["姓名", "手机"])
    listed.append(["王伟", "13812345678"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    rows = import_reader.rows(path, "xlsx")
    assert list(rows) == [["姓名", "手机"], ["王伟", "13812345678"]]
    assert import_reader.count_rows(path, "xlsx", rows.sheet) == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_tab_separated_csv_reads_as_columns_even_with_commas_inside(
        tmp_path: Path, encoding: str) -> None:
    """A list copied out of Excel or a web page and saved as .csv is tab-separated."""
    path = tmp_path / "名单.csv"
    path.write_bytes("姓名\t公司\t手机\n王伟\t苏州精工,机械\t13812345678\n".encode(encoding))
    assert list(import_reader.rows(path, "csv")) == [
        ["姓名", "公司", "手机"], ["王伟", "苏州精工,机械", "13812345678"]]
