import random
from datetime import UTC, datetime

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email
from leads.domain import normalise
from leads.domain.import_files import (
    CSV,
    XLSX,
    NotASpreadsheet,
    csv_delimiter,
    csv_encoding,
    detect,
)
from leads.domain.import_rows import NoUsableHeader, header_map, lead_from_row
from leads.domain.province_guess import mobile_province

NOW = datetime(2026, 11, 27, tzinfo=UTC)


def test_chinese_and_english_headers_are_recognised() -> None:
    assert header_map(["姓名", "公司名称", "手机号", "电子邮箱", "省份", "行业", "预算（元）"]) == {
        0: "name", 1: "company", 2: "phone", 3: "email", 4: "province", 5: "industry",
        6: "budget_yuan"}
    assert header_map([" Name ", "COMPANY", "Mobile", "E-mail"]) == {
        0: "name", 1: "company", 2: "phone", 3: "email"}


def test_unknown_columns_are_ignored_and_a_sheet_without_contact_columns_is_refused() -> None:
    assert header_map(["序号", "手机", "备用"]) == {1: "phone"}
    with pytest.raises(NoUsableHeader):
        header_map(["王伟", "13812345678"])  # first row is data, not a header


def test_a_row_is_normalised_like_every_other_channel() -> None:
    columns = header_map(["姓名", "手机", "省份", "紧急程度", "标签"])
    lead = lead_from_row(["王伟", "138 1234 5678", "江苏省", "高", "重点，展会"], columns,
                         lead_id="l1", now=NOW).lead
    assert lead is not None
    assert (lead.phone, lead.province, lead.urgency, lead.tags, lead.source) == (
        "+8613812345678", "江苏", "high", ["重点", "展会"], "import")


def test_the_same_person_written_differently_gets_the_same_row_key() -> None:
    columns = header_map(["姓名", "手机"])
    a = lead_from_row(["王伟", "13812345678"], columns, lead_id="a", now=NOW).lead
    b = lead_from_row(["王伟 ", "+86 138-1234-5678"], columns, lead_id="b", now=NOW).lead
    assert a and b and a.idempotency_key == b.idempotency_key


def test_a_bad_row_says_which_column_is_wrong_in_chinese() -> None:
    columns = header_map(["姓名", "手机", "预算"])
    assert lead_from_row(["王伟", "123", ""], columns, lead_id="x", now=NOW).reason.startswith(
        "手机")
    assert lead_from_row(["王伟", "", ""], columns, lead_id="x", now=NOW).reason == \
        "手机、邮箱和微信至少填写一项"
    kept = lead_from_row(["王伟", "13812345678", "很多"], columns, lead_id="x", now=NOW)
    assert kept.lead is not None and kept.reason.startswith("已导入，以下单元格未导入：预算")


QA_ROW5 = ["刘芳", "苏州精工", "13812345678", "liufang@", "火星", "abc", "超急", "中型"]
QA_HEADERS = ["姓名", "公司", "手机", "邮箱", "省份", "预算", "紧急程度", "公司规模"]


def test_a_row_with_a_bad_email_names_every_bad_cell_at_once() -> None:
    """QA #12: row 5 had a bad e-mail, 火星, budget "abc" and 超急; errors.xlsx named the
    e-mail only, so the user re-imported four times."""
    result = lead_from_row(QA_ROW5, header_map(QA_HEADERS), lead_id="x", now=NOW)
    assert result.lead is None
    assert [part.split('"')[0] for part in result.reason.split("；")] == [
        "邮箱", "省份", "预算", "紧急程度"]
    assert '省份"火星"' in result.reason and '预算"abc"' in result.reason


def test_bad_optional_cells_keep_the_contact_and_say_what_was_left_out() -> None:
    row = [*QA_ROW5[:3], "liufang@example.com", *QA_ROW5[4:]]
    result = lead_from_row(row, header_map(QA_HEADERS), lead_id="x", now=NOW)
    assert result.warned and result.lead is not None
    # 火星 left out, the province is the mobile's registration province (province_guess)
    assert (result.lead.email, result.lead.province, result.lead.province_source,
            result.lead.budget_fen, result.lead.urgency, result.lead.company_scale) == (
        "liufang@example.com", mobile_province(result.lead.phone), "mobile", None, "",
        "200_1000")
    assert result.lead.province
    assert result.reason.startswith('已导入，以下单元格未导入：省份"火星"')
    assert "紧急程度" in result.reason and "公司规模" not in result.reason
    # The same row again is the same row: its key ignores the dropped cells.
    again = lead_from_row(row, header_map(QA_HEADERS), lead_id="y", now=NOW)
    assert again.lead is not None and again.lead.idempotency_key == result.lead.idempotency_key


@pytest.mark.parametrize(("written", "scale"), [
    ("大型", "gt1000"), ("中型", "200_1000"), ("小型企业", "50_200"), ("微型", "lt50"),
    ("medium", "200_1000"), ("50-200人", "50_200"), ("gt1000", "gt1000")])
def test_company_size_classes_people_write_are_understood(written: str, scale: str) -> None:
    columns = header_map(["姓名", "手机", "公司规模"])
    result = lead_from_row(["王伟", "13812345678", written], columns, lead_id="x", now=NOW)
    assert result.lead is not None and not result.warned
    assert result.lead.company_scale == scale


@pytest.mark.parametrize(("name", "head", "kind"), [
    ("a.xlsx", b"PK\x03\x04rest", XLSX), ("a.csv", "姓名,手机".encode(), CSV),
    ("a.csv", "姓名,手机".encode("gbk"), CSV), ("A.CSV", "\ufeff手机".encode(), CSV),
])
def test_spreadsheets_are_recognised(name: str, head: bytes, kind: str) -> None:
    assert detect(name, head) == kind


@pytest.mark.parametrize(("name", "head"), [
    ("a.txt", b"hello"), ("a.png", b"\x89PNG\r\n"), ("a.xls", b"\xd0\xcf\x11\xe0"),
    ("a.xlsx", b"plain text"), ("a.csv", b"\x00\x01\x02binary"),
])
def test_anything_else_is_not_a_spreadsheet(name: str, head: bytes) -> None:
    with pytest.raises(NotASpreadsheet):
        detect(name, head)


def test_csv_encoding_utf8_with_or_without_bom_else_gbk() -> None:
    assert csv_encoding("姓名".encode()) == "utf-8-sig"
    assert csv_encoding("\ufeff姓名".encode()) == "utf-8-sig"
    assert csv_encoding("姓名,手机号码".encode("gbk")) == "gb18030"


def _slow_phone(text: str) -> str | None:
    try:
        number = phonenumbers.parse(normalise.half_width(text), "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _fast_phone(text: str) -> str | None:
    try:
        return normalise.normalise_phone(text)
    except normalise.InvalidField:
        return None


def test_the_mobile_fast_path_agrees_with_phonenumbers() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        number = "1" + rng.choice("03456789") + "".join(rng.choice("0123456789") for _ in range(9))
        text = rng.choice([number, "+86" + number, f"{number[:3]} {number[3:7]} {number[7:]}"])
        assert _fast_phone(text) == _slow_phone(text), text


@pytest.mark.parametrize("address", [
    "Wang.Wei@Example.CN", "a..b@x.cn", ".a@x.cn", "a.@x.cn", "a@localhost", "a@x.test",
    "a@-x.cn", "a+b@sub.example.com", "x" * 65 + "@a.cn", "a@123.com", "王@例子.中国",
    "a b@x.cn", "\"q\"@x.cn", "a_b-c@x-y.com",
])
def test_the_email_fast_path_agrees_with_email_validator(address: str) -> None:
    try:
        expected = validate_email(address, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        expected = None
    try:
        got = normalise.normalise_email(address)
    except normalise.InvalidField:
        got = None
    assert got == expected



def test_the_separator_is_the_one_the_header_uses_most() -> None:
    assert (csv_delimiter("姓名,公司,手机\n"), csv_delimiter("姓名\t公司\n"),
            csv_delimiter("姓名;公司;手机\n"), csv_delimiter("手机\n")) == (",", "\t", ";", ",")


def test_an_export_read_back_finds_its_phone_under_dianhua_as_under_shouji() -> None:
    """The export names the number column 电话 (it holds landlines and 400 numbers); files
    from before still say 手机: both are the phone."""
    for header in ("电话", "手机"):
        assert header_map(["姓名", "公司", header])[2] == "phone"
