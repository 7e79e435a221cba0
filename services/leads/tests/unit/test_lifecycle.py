"""Lead lifecycle: new → assigned → contacted → qualified | disqualified."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from leads.domain import events
from leads.domain.assignment import Candidate, Decision
from leads.domain.lifecycle import (
    Contact,
    TransitionRefused,
    disqualify,
    log_contact,
    may_decide,
    qualify,
    reassign,
)
from leads.domain.model import Lead
from leads.domain.normalise import InvalidField

NOW = datetime(2025, 11, 4, 2, tzinfo=UTC)


def lead(status: str = "assigned", **changes: object) -> Lead:
    base = Lead(id="L1", source="web_form", created_at=NOW, name="王伟", company="苏州精工",
                phone="+8613812345678", status=status, region_id="east", owner_id="rep1",
                owner_username="rep01")
    return replace(base, **changes)


def contact(**changes: object) -> Contact:
    base = Contact(id="C1", lead_id="L1", rep_id="rep1", channel="call", outcome="有意向",
                   next_step="发报价", next_step_at=None, contacted_at=NOW)
    return replace(base, **changes)


def test_first_contact_moves_an_assigned_lead_to_contacted() -> None:
    subject = lead()
    logged = log_contact(subject, contact())
    assert subject.status == "contacted" and subject.first_contacted_at == NOW
    assert logged.first


def test_later_contacts_are_logged_without_changing_status() -> None:
    subject = lead("contacted", first_contacted_at=NOW)
    logged = log_contact(subject, contact(contacted_at=datetime(2025, 11, 5, tzinfo=UTC)))
    assert subject.status == "contacted" and subject.first_contacted_at == NOW
    assert not logged.first


@pytest.mark.parametrize("status", ["new", "unassignable", "disqualified"])
def test_contact_on_a_lead_not_in_play_is_refused(status: str) -> None:
    with pytest.raises(TransitionRefused):
        log_contact(lead(status), contact())


def test_unknown_channel_names_the_field() -> None:
    with pytest.raises(InvalidField) as error:
        log_contact(lead(), contact(channel="fax"))
    assert error.value.field == "channel"


def test_a_next_step_before_the_contacts_own_day_names_the_field() -> None:
    with pytest.raises(InvalidField) as error:
        log_contact(lead(), contact(next_step_at=datetime(1999, 1, 1, tzinfo=UTC)))
    assert error.value.field == "next_step_at"
    assert "2025-11-04" in error.value.message
    # 10:00 on the contact's own (Shanghai) day is fine, even hours before the contact
    same_day = datetime(2025, 11, 3, 16, 30, tzinfo=UTC)  # 2025-11-04 00:30 in Shanghai
    assert log_contact(lead(), contact(next_step_at=same_day)).first


def test_qualify_needs_a_contacted_lead() -> None:
    with pytest.raises(TransitionRefused):
        qualify(lead("assigned"), now=NOW)


def test_qualified_event_carries_what_the_pipeline_needs() -> None:
    subject = lead("contacted", industry="工程机械")
    [event] = qualify(subject, now=NOW)
    assert subject.status == "qualified"
    assert (event.lead_id, event.owner_id, event.company, event.name, event.phone,
            event.region_id, event.industry, event.urgency) == (
        "L1", "rep1", "苏州精工", "王伟", "+8613812345678", "east", "工程机械", "中")


def test_qualifying_twice_is_harmless_and_raises_one_event() -> None:
    subject = lead("contacted")
    assert len(qualify(subject, now=NOW)) == 1
    assert qualify(subject, now=NOW) == []


def test_disqualify_needs_a_reason_and_records_it() -> None:
    with pytest.raises(InvalidField) as error:
        disqualify(lead(), "  ", by_user_id="rep1", now=NOW)
    assert error.value.field == "reason"
    subject = lead("contacted")
    [event] = disqualify(subject, "空号", by_user_id="rep1", now=NOW)
    assert subject.status == "disqualified" and subject.disqualified_reason == "空号"
    assert event.reason == "空号"


def test_qualified_lead_cannot_be_disqualified_and_the_refusal_reads_in_chinese() -> None:
    with pytest.raises(TransitionRefused) as refused:
        disqualify(lead("qualified"), "重复", by_user_id="rep1", now=NOW)
    assert refused.value.message == "线索当前状态为「已转商机」，不能标记为无效"
    with pytest.raises(TransitionRefused) as refused:
        log_contact(lead("disqualified"), contact())
    assert refused.value.message == "线索当前状态为「无效」，不能登记联系"


def test_who_may_qualify_or_disqualify() -> None:
    subject = lead()
    assert may_decide(subject, role="rep", user_id="rep1", region_ids=())
    assert not may_decide(subject, role="rep", user_id="rep2", region_ids=("east",))
    assert may_decide(subject, role="manager", user_id="m", region_ids=("east",))
    assert not may_decide(subject, role="manager", user_id="m", region_ids=("south",))
    assert may_decide(subject, role="director", user_id="d", region_ids=())


def test_overdue_reassignment_moves_an_uncontacted_lead_and_says_why() -> None:
    subject = lead()
    moved = reassign(subject, Decision(Candidate("rep2", "rep02"), "首次联系超时改派", "rep2"),
                     now=NOW)
    assert moved and (subject.owner_id, subject.assignment_reason) == ("rep2", "首次联系超时改派")
    [event] = subject.events
    assert isinstance(event, events.LeadAssigned) and event.owner_id == "rep2"


def test_contacted_lead_is_not_reassigned() -> None:
    subject = lead("contacted")
    assert not reassign(subject, Decision(Candidate("rep2", "rep02"), "x", "rep2"), now=NOW)
    assert subject.owner_id == "rep1"
