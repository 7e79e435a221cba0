from datetime import UTC, datetime

from notifications.domain.customer_returned import LeadTouchedFacts, lead_touched_item
from notifications.domain.templates import Template

NOW = datetime(2026, 3, 3, 1, 30, tzinfo=UTC)
FACTS = LeadTouchedFacts(lead_id="L-1", owner_id="u-rep01", company="苏州精工机械", name="王伟",
                         channel="qr_scan", match_reason="手机号相同")


def test_the_owner_hears_in_chinese_that_the_customer_came_back_and_through_which_channel() -> None:
    item = lead_touched_item(FACTS, item_id="i-1", event_id="e-1", now=NOW)
    assert item is not None
    assert item.title == "老客户再次咨询：苏州精工机械 王伟（来源：展会扫码）"
    assert (item.user_id, item.kind, item.link) == ("u-rep01", "lead_touched", "/leads/L-1")
    assert "手机号相同" in item.body


def test_an_unknown_channel_is_shown_as_it_is_and_english_is_available() -> None:
    facts = LeadTouchedFacts(**{**FACTS.__dict__, "channel": "wechat_mp"})
    item = lead_touched_item(facts, item_id="i-1", event_id="e-1", now=NOW, language="en")
    assert item is not None and item.title.endswith("(via wechat_mp)")


def test_a_lead_nobody_owns_yet_notifies_nobody() -> None:
    facts = LeadTouchedFacts(**{**FACTS.__dict__, "owner_id": ""})
    assert lead_touched_item(facts, item_id="i-1", event_id="e-1", now=NOW) is None


def test_the_owner_reads_which_empty_fields_the_arrival_filled() -> None:
    facts = LeadTouchedFacts(**{**FACTS.__dict__, "channel": "web_form",
                                "filled_fields": ("email", "company_scale")})
    item = lead_touched_item(facts, item_id="i-1", event_id="e-1", now=NOW)
    assert item is not None
    assert item.body == ("识别依据：手机号相同。已补全：邮箱、公司规模。"
                         "客户再次联系，请尽快跟进。")
    english = lead_touched_item(facts, item_id="i-1", event_id="e-1", now=NOW, language="en")
    assert english is not None
    assert english.body == ("Matched on: 手机号相同. Filled in: email, company size. "
                            "Please follow up soon.")


def test_an_event_from_before_filled_fields_reads_as_it_always_did() -> None:
    item = lead_touched_item(FACTS, item_id="i-1", event_id="e-1", now=NOW)
    english = lead_touched_item(FACTS, item_id="i-1", event_id="e-1", now=NOW, language="en")
    assert item is not None and english is not None
    assert item.body == "识别依据：手机号相同。客户再次联系，请尽快跟进。"
    assert english.body == "Matched on: 手机号相同. Please follow up soon."


def test_a_field_notifications_has_no_label_for_is_named_rather_than_dropped() -> None:
    facts = LeadTouchedFacts(**{**FACTS.__dict__, "filled_fields": ("email", "fax")})
    item = lead_touched_item(facts, item_id="i-1", event_id="e-1", now=NOW)
    assert item is not None and "已补全：邮箱、fax。" in item.body


def test_an_admins_edited_text_without_filled_still_renders() -> None:
    facts = LeadTouchedFacts(**{**FACTS.__dict__, "filled_fields": ("email",)})
    book = {"lead_touched": {"zh-CN": Template("回头客：{company}", "依据：{reason}")}}
    item = lead_touched_item(facts, item_id="i-1", event_id="e-1", now=NOW, book=book)
    assert item is not None
    assert (item.title, item.body) == ("回头客：苏州精工机械", "依据：手机号相同")
