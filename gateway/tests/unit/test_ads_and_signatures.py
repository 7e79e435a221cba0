import pytest
from gateway.ads_mapping import AdLead, MappingError, map_lead, province_of
from gateway.signatures import SignatureRejected, sign, verify

NOW = 1_790_000_000
BODY = b'{"clue_id": "1"}'


def test_a_correctly_signed_fresh_request_is_accepted() -> None:
    signature = sign("s3cret", str(NOW), BODY)
    assert verify(secret="s3cret", timestamp=str(NOW), signature=signature, body=BODY,
                  now=NOW + 299) == NOW


@pytest.mark.parametrize(("timestamp", "signature", "field"), [
    (str(NOW), sign("other", str(NOW), BODY), "X-Signature"),
    (str(NOW), sign("s3cret", str(NOW), BODY + b" "), "X-Signature"),
    (str(NOW - 301), sign("s3cret", str(NOW - 301), BODY), "X-Timestamp"),
    (str(NOW + 301), sign("s3cret", str(NOW + 301), BODY), "X-Timestamp"),
    ("yesterday", "sha256=00", "X-Timestamp"),
    (None, "sha256=00", "X-Timestamp"),
    (str(NOW), None, "X-Signature"),
], ids=["wrong-secret", "body-changed", "too-old", "from-the-future", "not-a-number",
        "no-timestamp", "no-signature"])
def test_a_bad_stale_or_missing_signature_is_rejected_naming_the_header(
    timestamp: str | None, signature: str | None, field: str,
) -> None:
    with pytest.raises(SignatureRejected) as error:
        verify(secret="s3cret", timestamp=timestamp, signature=signature, body=BODY, now=NOW)
    assert error.value.field == field


@pytest.mark.parametrize("signature", [
    sign("s3cret", str(NOW), BODY).removeprefix("sha256="),  # the right HMAC, bare
    "md5=" + "0" * 32, "sha256=xyz"], ids=["no-prefix", "other-algorithm", "not-hex"])
def test_a_signature_in_the_wrong_format_is_told_the_expected_one(signature: str) -> None:
    with pytest.raises(SignatureRejected) as error:
        verify(secret="s3cret", timestamp=str(NOW), signature=signature, body=BODY, now=NOW)
    assert error.value.field == "X-Signature"
    assert "sha256=" in error.value.message and "64" in error.value.message
    assert 'X-Timestamp + "." + ' in error.value.message


def test_baidu_form_detail_labels_become_our_fields() -> None:
    lead = map_lead("baidu", {"clue_id": 98765, "form_detail": [
        {"name": "姓名", "value": "王伟"}, {"name": "手机", "value": "13812345678"},
        {"name": "公司名称", "value": "精工机械"}, {"name": "地区", "value": "江苏省苏州市"},
        {"name": "微信", "value": "wx_wang"}, {"name": "无关", "value": "x"}]})
    assert lead == AdLead(external_id="98765", name="王伟", phone="13812345678",
                          company="精工机械", province="江苏", wechat_id="wx_wang")


def test_a_baidu_form_with_an_empty_telephone_item_keeps_the_mobile_filled_after_it() -> None:
    """A Baidu form with both 电话 (optional, left empty) and 手机: the mobile is the lead's
    phone, not lost to the empty item before it (the lead was refused: no contact)."""
    lead = map_lead("baidu", {"clue_id": "b-2", "form_detail": [
        {"name": "姓名", "value": "孙八"}, {"name": "电话", "value": ""},
        {"name": "手机", "value": "13400134006"}, {"name": "公司", "value": " "},
        {"name": "公司名称", "value": "杭州精工"}]})
    assert (lead.phone, lead.company) == ("13400134006", "杭州精工")


def test_bytedance_and_tencent_flat_fields_become_our_fields() -> None:
    byte = map_lead("bytedance", {"clue_id": "c1", "name": "李娜", "telephone": "13900000000",
                                  "company_name": "恒力液压", "location": "浙江杭州",
                                  "job_title": "采购"})
    assert (byte.external_id, byte.phone, byte.company, byte.province, byte.title) == (
        "c1", "13900000000", "恒力液压", "浙江", "采购")
    tencent = map_lead("tencent", {"leads_id": 7, "leads_name": "赵敏", "leads_tel": "139",
                                   "leads_area": "广西壮族自治区南宁市", "leads_remark": "询价"})
    assert (tencent.external_id, tencent.name, tencent.province, tencent.message) == (
        "7", "赵敏", "广西", "询价")


def test_generic_takes_our_own_field_names() -> None:
    lead = map_lead("generic", {"external_id": "g1", "name": "周婷", "email": "z@t.cn",
                                "province": "上海"})
    assert (lead.external_id, lead.email, lead.province) == ("g1", "z@t.cn", "上海")


@pytest.mark.parametrize(("platform", "body", "field"), [
    ("bytedance", {"name": "x"}, "clue_id"),
    ("tencent", {"leads_id": 1, "leads_name": {"a": 1}}, "leads_name"),
    ("baidu", {"clue_id": "1", "form_detail": "姓名=王伟"}, "form_detail"),
    ("baidu", {"clue_id": "1", "form_detail": ["x"]}, "form_detail.0"),
    ("generic", ["not", "an", "object"], "body"),
    # The platform's lead id is the idempotency key: one too long for it names the id.
    ("generic", {"external_id": "x" * 300, "phone": "13600000000"}, "external_id"),
    ("bytedance", {"clue_id": "9" * 300, "telephone": "13600000000"}, "clue_id"),
    ("generic", {"external_id": "12\x003", "phone": "13600000000"}, "external_id"),
])
def test_a_payload_that_does_not_fit_names_the_platforms_field(
    platform: str, body: object, field: str,
) -> None:
    with pytest.raises(MappingError) as error:
        map_lead(platform, body)
    assert error.value.field == field


def test_an_area_outside_the_mainland_has_no_province() -> None:
    assert province_of("香港九龙") == "" and province_of("") == ""
