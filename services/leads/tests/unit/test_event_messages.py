"""Every domain event becomes the same protobuf as the plain field-by-field conversion
(the one messages.to_message replaced for speed): names, codes, timestamps, defaults."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from leads.domain import events
from leads.domain.assignment import Why
from leads.service_layer.messages import SUBJECTS, to_message
from salesos.events.v1 import leads_pb2 as events_pb2

AT = datetime(2026, 11, 27, 9, 30, 15, 123456, tzinfo=UTC)
WHYS = (Why("rule_unstaffed", (("rule", "华东大客户"),)),
        Why("region_team", (("region", "华东"), ("rep", "周婷"), ("nth", "3"), ("weight", "2"))))


def _plain(event: events.Event) -> Any:
    message = getattr(events_pb2, type(event).__name__)()
    for f in fields(event):
        value = getattr(event, f.name)
        if f.name == "reasons":
            for why in value:
                message.reasons.add(code=why.code, params=dict(why.params))
        elif isinstance(value, datetime):
            getattr(message, f.name).FromDatetime(value)
        else:
            setattr(message, f.name, value)
    return message


EVENTS = [
    events.LeadCreated("l1", "import", "王伟", "苏州精工", "+8613712345678", "a@b.cn", "江苏",
                       "", "机械"),
    events.LeadAssigned("l1", "u1", "zhouting", "r1", "苏州精工", "王伟", AT, "未匹配规则…",
                        import_id="i1", reasons=WHYS),
    events.LeadAssigned("l2", "u1", "zhouting", "r1", "", "", AT + timedelta(hours=1), "x"),
    events.LeadUnassignable("l3", "r1", "无法分配", reasons=WHYS[:1], import_id="i1",
                            import_file_name="客户.xlsx"),
    events.LeadReassigned("l4", "u1", "u2", "m1", "客户要求",
                          AT.astimezone(timezone(timedelta(hours=8)))),
    events.LeadRejected("l5", "u2", "不是我的区域", AT),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_an_event_is_converted_field_for_field(event: events.Event) -> None:
    assert type(event) in SUBJECTS
    assert to_message(event) == _plain(event)


def test_the_shared_timestamp_of_a_batch_is_not_changed_through_a_message() -> None:
    first = to_message(EVENTS[1])
    first.assigned_at.seconds += 60  # type: ignore[attr-defined]
    assert to_message(EVENTS[1]) == _plain(EVENTS[1])
