import pytest
from leads.domain.normalise import (
    InvalidField,
    clean_text,
    half_width,
    normalise_email,
    normalise_phone,
    normalise_province,
    phone_extension,
)
from leads.domain.province_guess import landline_province


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "+8613812345678"),
        ("+86 138-1234-5678", "+8613812345678"),
        ("１３８１２３４５６７８", "+8613812345678"),
        ("0086 13812345678", "+8613812345678"),
        ("021-62345678", "+862162345678"),
    ],
)
def test_mainland_numbers_are_stored_in_e164(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["020-83123456转801", "020-83123456 转 801",
                                 "020-8312 3456 分机 801", "020-83123456分机号801",
                                 "020-83123456-801", "02083123456#801", "020-83123456 ext. 8"])
def test_an_office_number_with_its_extension_is_its_switchboard(raw: str) -> None:
    """A customer's 「020-83123456转801」 on a web form is a lead reached through the
    switchboard, not a 422 losing the lead; the landline still places it in 广东."""
    assert normalise_phone(raw) == "+862083123456"
    assert landline_province(normalise_phone(raw)) == "广东"


@pytest.mark.parametrize("raw", ["020-83123456转801", "020-8312 3456 分机 801",
                                 "020-83123456-801", "02083123456#801", "020-83123456 ext 801"])
def test_the_extension_a_customer_wrote_is_read_for_the_rep(raw: str) -> None:
    assert phone_extension(raw) == "801"


@pytest.mark.parametrize("raw", ["020-83123456", "13812345678", "138-1234-5678", "010-6552-9988",
                                 "400-820-8820", "12-801"])
def test_a_number_without_an_extension_has_none(raw: str) -> None:
    assert phone_extension(raw) == ""


@pytest.mark.parametrize("raw", ["010-12345", "01012345", "021-123456", "0755-12345"])
def test_a_landline_needs_seven_or_eight_local_digits(raw: str) -> None:
    """phonenumbers calls 010-12345 valid (Beijing's 5-digit service numbers); nobody can
    call a customer back on it."""
    with pytest.raises(InvalidField) as err:
        normalise_phone(raw)
    assert err.value.field == "phone"


@pytest.mark.parametrize(("raw", "e164"), [("010-12345678", "+861012345678"),
                                           ("0898-66123456", "+8689866123456"),
                                           ("0571-87123456", "+8657187123456"),
                                           ("400-820-8820", "+864008208820")])
def test_whole_landlines_and_400_numbers_stay_valid(raw: str, e164: str) -> None:
    assert normalise_phone(raw) == e164


def test_a_dash_is_an_extension_only_when_the_rest_is_a_number() -> None:
    assert normalise_phone("010-6552-9988") == "+861065529988"
    with pytest.raises(InvalidField):
        normalise_phone("12-801")


@pytest.mark.parametrize("raw", ["12345", "1381234567", "abc", "1381234567890", "+86 10000000000"])
def test_invalid_phone_numbers_are_rejected_naming_the_phone_field(raw: str) -> None:
    with pytest.raises(InvalidField) as err:
        normalise_phone(raw)
    assert err.value.field == "phone"


def test_emails_are_lower_cased() -> None:
    assert normalise_email(" Wang.Li@Example.COM ") == "wang.li@example.com"


def test_full_width_email_is_accepted_as_half_width() -> None:
    assert normalise_email("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "wang@example.com"


@pytest.mark.parametrize("raw", ["wang", "wang@", "@example.com", "wang@@example.com", "王 @x"])
def test_invalid_emails_are_rejected_naming_the_email_field(raw: str) -> None:
    with pytest.raises(InvalidField) as err:
        normalise_email(raw)
    assert err.value.field == "email"


@pytest.mark.parametrize(
    ("raw", "short"),
    [
        ("江苏", "江苏"),
        ("江苏省", "江苏"),
        ("广西", "广西"),
        ("广西壮族自治区", "广西"),
        ("北京市", "北京"),
        ("内蒙古自治区", "内蒙古"),
        ("新疆维吾尔自治区", "新疆"),
        ("  上海 ", "上海"),
        ("上海市", "上海"),
        ("Guangdong", "广东"),
        ("Shanghai City", "上海"),
        ("guangxi zhuang autonomous region", "广西"),
        ("Shaanxi", "陕西"),
        ("Shanxi", "山西"),
        ("粤", "广东"),
        ("沪", "上海"),
        ("西藏自治区", "西藏"),
    ],
)
def test_short_and_full_province_names_store_the_short_name(raw: str, short: str) -> None:
    assert normalise_province(raw) == short


@pytest.mark.parametrize("raw", ["香港", "台湾省", "澳门", "火星", "加州", "苏州", "江苏市",
                                 "Hong Kong", "California", "city"])
def test_names_that_are_not_mainland_province_level_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidField) as err:
        normalise_province(raw)
    assert err.value.field == "province"


def test_full_width_text_becomes_half_width_and_chinese_punctuation_stays() -> None:
    assert half_width("ＡＢＣ　有限公司（上海）。") == "ABC 有限公司(上海)。"


def test_control_characters_are_dropped_so_postgres_never_sees_a_nul() -> None:
    assert clean_text("name", "王\x00伟\x07", max_length=10) == "王伟"


def test_the_message_keeps_its_line_breaks() -> None:
    text = "询价：\r\n  数控机床　２台 \n\n交期？"
    assert clean_text("message", text, max_length=100, multiline=True) == (
        "询价:\n数控机床 2台\n\n交期?")


def test_single_line_fields_fold_line_breaks_into_spaces() -> None:
    assert clean_text("company", "苏州\n精工", max_length=100) == "苏州 精工"
