"""An imported lead crosses from the normalising worker as a flat tuple and comes back
the same lead, with the same LeadCreated."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

from leads.adapters.import_outbox import created_message
from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.lead_wire import FIELDS, created_event, flatten, rebuild, view
from leads.domain.model import Lead
from leads.service_layer.import_placing import as_lead

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def qualified_lead() -> Lead:
    lead = Lead.create(CreateLead(source="import", name="王伟", company="苏州精工机械有限公司",
                                  phone="13812345678", email="W@Example.cn", province="江苏",
                                  industry="工程机械"), lead_id="lead-1", now=NOW)
    lead.update_qualification(UpdateQualification(
        lead_id="lead-1", company_scale="50-200", budget_yuan="50万", urgency="高",
        pain_point="交期长", tags=["展会", "老客户"]))
    lead.idempotency_key = "row:abc"
    return lead


def test_a_lead_through_the_wire_is_the_same_lead() -> None:
    lead = qualified_lead()
    back = rebuild(pickle.loads(pickle.dumps(flatten(lead))))
    assert back == lead
    assert back.score_factors == lead.score_factors and back.tags == ["展会", "老客户"]
    assert back.idempotency_key == "row:abc" and back.budget_fen == lead.budget_fen


def test_the_rebuilt_leads_created_event_is_what_lead_create_recorded() -> None:
    lead = qualified_lead()
    assert created_event(rebuild(flatten(lead))) == lead.events[0]


def test_rebuilt_leads_do_not_share_their_lists() -> None:
    flat = flatten(qualified_lead())
    first, second = rebuild(flat), rebuild(flat)
    first.tags.append("x")
    first.score_factors.clear()
    assert second.tags == ["展会", "老客户"] and second.score_factors


def test_the_importers_read_only_view_has_the_leads_fields_identity_and_event() -> None:
    lead = qualified_lead()
    seen = view(pickle.loads(pickle.dumps(flatten(lead))))
    for name in FIELDS:
        value = getattr(lead, name)
        assert getattr(seen, name) == (tuple(value) if isinstance(value, list) else value)
    assert seen.identity == lead.identity and not seen.events
    assert created_event(seen) == lead.events[0]


def test_an_imported_rows_leads_created_message_is_the_one_its_lead_recorded() -> None:
    lead = qualified_lead()
    seen = view(flatten(lead))
    sent = created_message(seen, import_id="imp-1")
    assert sent == created_message(lead, import_id="imp-1")  # from lead.events[0]
    assert sent.import_id == "imp-1" and sent.phone == "+8613812345678"


def test_the_lead_an_imported_row_is_assigned_as_is_the_lead_the_row_made() -> None:
    lead = qualified_lead()
    lead.events.clear()
    placed = as_lead(view(flatten(lead)))
    assert placed == lead and placed.__dict__ == lead.__dict__
    placed.tags.append("x")  # its own lists, to be assigned and filled
    assert lead.tags == ["展会", "老客户"]
