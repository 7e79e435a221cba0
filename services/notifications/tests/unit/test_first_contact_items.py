from datetime import UTC, datetime

import pytest
from notifications.domain.first_contact import ClockFacts, overdue_items, reminder_item

NOW = datetime(2025, 11, 4, 2, tzinfo=UTC)
FACTS = ClockFacts(lead_id="L-1", company="苏州精工机械", name="王伟",
                   due_at=datetime(2025, 11, 5, 1, 30, tzinfo=UTC), owner_id="u-rep01",
                   owner_username="rep01", percent=90, manager_ids=("u-mgr", "u-mgr2"))


def test_reminder_tells_the_owner_how_much_time_is_used_and_the_deadline_in_beijing_time() -> None:
    item = reminder_item(FACTS, event_id="e-1", item_id="i-1", now=NOW)
    assert item.user_id == "u-rep01" and item.kind == "first_contact_reminder"
    assert item.title == "线索首次联系提醒：苏州精工机械 王伟"
    assert "90%" in item.body and "11月5日 09:30" in item.body
    assert item.link == "/leads/L-1"


def test_overdue_goes_to_every_manager_of_the_region() -> None:
    items = overdue_items(FACTS, event_id="e-1", item_ids=["i-1", "i-2"], now=NOW)
    assert [i.user_id for i in items] == ["u-mgr", "u-mgr2"]
    assert items[0].title == "线索首次联系已超时：苏州精工机械 王伟"
    assert "rep01" in items[0].body and "仍由其负责" in items[0].body


def test_overdue_says_who_took_the_lead_over() -> None:
    facts = ClockFacts(**{**FACTS.__dict__, "reassigned_to_username": "rep02"})
    [item, _] = overdue_items(facts, event_id="e-1", item_ids=["i-1", "i-2"], now=NOW)
    assert "线索已改派给 rep02。" in item.body


def test_reminder_without_an_owner_is_refused() -> None:
    with pytest.raises(ValueError, match="no owner"):
        reminder_item(ClockFacts(**{**FACTS.__dict__, "owner_id": ""}), event_id="e",
                      item_id="i", now=NOW)
