from datetime import UTC, datetime

import pytest
from notifications.domain import model, templates

NOW = datetime(2025, 3, 3, 1, 30, tzinfo=UTC)
FACTS = model.LeadAssignedFacts(
    lead_id="L-1", owner_id="u-rep01", company="苏州精工机械", name="王伟",
    reason="华东区轮流分配",
)


def _item(facts: model.LeadAssignedFacts = FACTS, language: str = "zh-CN") -> model.InboxItem:
    return model.lead_assigned_item(facts, item_id="i-1", event_id="e-1", now=NOW,
                                    language=language)


def test_owner_is_told_in_chinese_which_lead_is_theirs() -> None:
    item = _item()
    assert item.title == "新线索已分配给您：苏州精工机械 王伟"
    assert item.user_id == "u-rep01"
    assert item.kind == "lead_assigned"
    assert item.link == "/leads/L-1"
    assert item.event_id == "e-1"


def test_owner_sees_why_the_lead_was_assigned_to_them() -> None:
    assert "华东区轮流分配" in _item().body


def test_reason_ending_its_own_sentence_is_not_doubled() -> None:
    facts = model.LeadAssignedFacts(**{**FACTS.__dict__, "reason": "区域轮转。"})
    assert "。。" not in _item(facts).body


def test_missing_reason_still_gives_a_readable_body() -> None:
    facts = model.LeadAssignedFacts(**{**FACTS.__dict__, "reason": ""})
    body = _item(facts).body
    assert "{" not in body and body.startswith("分配原因：系统自动分配")


def test_english_speaking_user_gets_english_text() -> None:
    item = _item(language="en")
    assert item.title == "New lead assigned to you: 苏州精工机械 王伟"
    assert "华东区轮流分配" in item.body


def test_language_without_a_translation_falls_back_to_chinese() -> None:
    message = templates.render("lead_assigned", {"company": "甲", "name": "乙", "reason": "丙"},
                               "fr")
    assert message.title == "新线索已分配给您：甲 乙"


def test_every_kind_has_chinese_text() -> None:
    assert all(templates.DEFAULT_LANGUAGE in by_lang for by_lang in templates.TEMPLATES.values())


def test_unknown_kind_is_refused_rather_than_sent_empty() -> None:
    with pytest.raises(templates.UnknownTemplate):
        templates.render("no_such_kind", {})


def test_template_missing_a_parameter_fails_loudly() -> None:
    with pytest.raises(KeyError):
        templates.render("lead_assigned", {"company": "甲"})


def test_assignment_without_an_owner_is_refused_not_sent_to_nobody() -> None:
    facts = model.LeadAssignedFacts(**{**FACTS.__dict__, "owner_id": ""})
    with pytest.raises(ValueError, match="no one to notify"):
        _item(facts)
