"""A lead without a province takes its mobile's registration province (手机归属地), else
its landline's area code's province, else a province at the start of its company name; a
given province is never replaced."""

from datetime import UTC, datetime

import pytest
from leads.domain.assignment import Candidate, Decision, Why
from leads.domain.commands import CreateLead
from leads.domain.fingerprint import fingerprint
from leads.domain.model import Lead
from leads.domain.province_guess import (
    landline_province,
    mobile_province,
    province_and_source,
    province_at_start,
)

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
JIANGSU_MOBILE = "+8613812345678"  # 江苏省连云港市 in phonenumbers' zh geocoder
BEIJING_MOBILE = "+8618601234567"  # 北京市


def test_a_mainland_mobile_gives_its_registration_province() -> None:
    assert mobile_province(JIANGSU_MOBILE) == "江苏"
    assert mobile_province(BEIJING_MOBILE) == "北京"


@pytest.mark.parametrize("phone", ["+862583123456", "+85291234567", "", "+8617012345678"])
def test_landlines_foreign_and_unplaced_numbers_give_no_province(phone: str) -> None:
    # 170 is a virtual operator's range: the geocoder says only 中国
    assert mobile_province(phone) == ""


@pytest.mark.parametrize(("company", "province"), [
    ("江苏恒力化纤股份有限公司", "江苏"), ("内蒙古伊利实业", "内蒙古"), ("黑龙江北大荒", "黑龙江"),
    ("广西柳工机械", "广西"), ("苏州精工机械", ""), ("中国江苏重工", ""), ("", "")])
def test_a_province_name_only_at_the_start_of_a_company_counts(company: str,
                                                               province: str) -> None:
    assert province_at_start(company) == province


@pytest.mark.parametrize(("phone", "province"), [
    ("+862083123456", "广东"),     # 020 广州
    ("+861062345678", "北京"),     # 010: +8610…, not a mobile
    ("+8657188123456", "浙江"),    # 0571 杭州
    ("+862363123456", "重庆"),     # 023
    ("+8645188123456", "黑龙江"),  # 0451 哈尔滨
    ("+864008123456", ""),         # 400: the geocoder says only 中国
    ("+8613812345678", ""),        # a mobile is the mobile rule's
    ("+85223456789", ""),          # Hong Kong
])
def test_a_landline_gives_its_area_codes_province(phone: str, province: str) -> None:
    assert landline_province(phone) == province


def test_an_area_code_is_placed_once_for_all_its_numbers() -> None:
    assert landline_province("+862083123456") == landline_province("+862038765432") == "广东"


def test_the_given_province_wins_then_the_mobile_then_the_landline_then_the_company() -> None:
    company = "广东美的"
    assert province_and_source("浙江", phone=JIANGSU_MOBILE, company=company) == ("浙江", "given")
    assert province_and_source("", phone=BEIJING_MOBILE, company=company) == ("北京", "mobile")
    assert province_and_source("", phone="+862583123456", company=company) == (
        "江苏", "landline")
    assert province_and_source("", phone="+864008123456", company=company) == ("广东", "company")
    assert province_and_source("", phone="", company="苏州精工") == ("", "")


def lead(**overrides: str) -> Lead:
    fields = {"source": "qr_scan", "name": "王磊", "company": "苏州精工", "phone": "13812345678",
              "idempotency_key": "k1"} | overrides
    return Lead.create(CreateLead(**fields), lead_id="L1", now=NOW)


def test_a_qr_scan_without_province_takes_its_mobile_province_and_says_so() -> None:
    scanned = lead()
    assert (scanned.province, scanned.province_source) == ("江苏", "mobile")
    given = lead(province="浙江省")
    assert (given.province, given.province_source) == ("浙江", "given")


def test_an_inferred_province_does_not_change_the_request_fingerprint() -> None:
    # A retry of a request stored before inference (its province empty) is still the same
    # request; a province the customer gave is part of it.
    scanned = lead()
    before = lead()
    before.province, before.province_source = "", ""
    assert fingerprint(scanned, "qr") == fingerprint(before, "qr")
    assert fingerprint(scanned, "qr") != fingerprint(lead(province="江苏"), "qr")


def test_the_assignment_reason_says_the_province_was_inferred() -> None:
    scanned = lead()
    rep = Candidate("u1", "rep01", "周婷")
    scanned.assign(Decision(rep, "未匹配规则，华东区域轮询", whys=(Why("region_team"),)),
                   region_id="r1", now=NOW)
    assert scanned.assignment_reason == "省份按手机号归属地推断；未匹配规则，华东区域轮询"
    assert [w.code for w in scanned.events[-1].reasons] == ["province_inferred", "region_team"]


def test_a_reps_own_entry_does_not_blame_the_province() -> None:
    scanned = lead(source="manual")
    rep = Candidate("u1", "rep01")
    scanned.assign(Decision(rep, "销售手工录入，归录入人跟进", whys=(Why("self_entered"),)),
                   region_id="r1", now=NOW)
    assert scanned.assignment_reason == "销售手工录入，归录入人跟进"


def test_a_returning_customer_fills_an_empty_province_with_where_it_came_from() -> None:
    known = lead(phone="", email="wang@example.com", idempotency_key="k0")
    assert known.province == ""
    assert known.fill_gaps(lead()) == ("phone", "province")
    assert (known.province, known.province_source) == ("江苏", "mobile")
