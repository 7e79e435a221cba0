from leads.domain.company import company_key
from leads.domain.dedupe import Identity, Known, find_match, lock_keys, survivor_of


def known(lead_id: str, **identity: str) -> Known:
    return Known(lead_id, Identity(**identity))


def test_company_key_drops_legal_suffixes_and_regional_prefixes() -> None:
    assert company_key("江苏省苏州精工机械有限公司") == "精工机械"
    assert company_key("精工机械（苏州）股份有限公司") == "精工机械"
    assert company_key("苏州市精工机械集团有限公司") == "精工机械"
    assert company_key("广西壮族自治区南宁精工有限责任公司") == "精工"


def test_company_key_turns_full_width_to_half_width_and_ignores_case_and_punctuation() -> None:
    assert company_key("ＡＢＣ Machinery Co., Ltd.") == company_key("abc machinery ltd")


def test_company_key_keeps_a_name_that_is_only_a_region() -> None:
    assert company_key("上海有限公司") == "上海"
    assert company_key("") == ""


def test_same_phone_email_or_wechat_is_the_same_customer() -> None:
    leads = [known("A", phone="+8613800000001"), known("B", email="x@y.cn"),
             known("C", wechat_id="wx_abc")]
    assert find_match(Identity(phone="+8613800000001"), leads).lead_id == "A"
    assert find_match(Identity(email="x@y.cn"), leads).lead_id == "B"
    assert find_match(Identity(wechat_id="wx_abc"), leads).lead_id == "C"


def test_phone_wins_over_a_weaker_rule() -> None:
    leads = [known("B", email="x@y.cn"), known("A", phone="+8613800000001")]
    match = find_match(Identity(phone="+8613800000001", email="x@y.cn"), leads)
    assert (match.lead_id, match.reason) == ("A", "手机号相同")


def test_close_company_with_the_same_contact_is_the_same_customer() -> None:
    leads = [known("A", company_key=company_key("苏州精密机械制造厂有限公司"), name="王伟")]
    match = find_match(Identity(company_key=company_key("精密机械制造有限公司"), name="王 伟"),
                       leads)
    assert match is not None and match.lead_id == "A"
    assert "公司名称相近" in match.reason


def test_close_company_with_another_contact_is_a_new_lead() -> None:
    leads = [known("A", company_key="精工机械", name="王伟")]
    assert find_match(Identity(company_key="精工机械", name="李娜"), leads) is None


def test_different_companies_with_the_same_contact_name_are_different_leads() -> None:
    leads = [known("A", company_key="精工机械", name="王伟")]
    assert find_match(Identity(company_key="华东电气", name="王伟"), leads) is None


def test_empty_fields_never_match() -> None:
    assert find_match(Identity(), [known("A")]) is None


def test_lock_keys_are_sorted_and_include_the_contact_name() -> None:
    keys = lock_keys(Identity(phone="+86138", email="a@b.cn", name="王 伟"))
    assert keys == sorted(keys) and "name:王伟" in keys and len(keys) == 3


def test_a_merged_lead_resolves_to_its_survivor() -> None:
    assert survivor_of("C", {"C": "B", "B": "A"}) == "A"
    assert survivor_of("A", {}) == "A"
