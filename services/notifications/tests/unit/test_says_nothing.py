"""Which lead events tell nobody, whenever they come: those the consumer may ack without
recording them. An event that tells someone, or may, is never among them."""

from __future__ import annotations

import uuid

import pytest
from google.protobuf.message import Message
from notifications.service_layer.handlers import says_nothing
from salesos.events.v1 import leads_pb2
from servicekit.envelope import new_envelope

LEAD = str(uuid.uuid4())


def _says_nothing(kind: str, event: Message) -> bool:
    return says_nothing(new_envelope(event, type=kind, source="leads", aggregate_id=LEAD), event)


def _assigned(**kwargs: str) -> leads_pb2.LeadAssigned:
    return leads_pb2.LeadAssigned(lead_id=LEAD, owner_id="rep-1", company="苏州精工机械",
                                  name="王伟", reason="华东区轮流分配", **kwargs)


@pytest.mark.parametrize(("kind", "event"), [
    ("leads.assigned", _assigned(import_id="imp-1")),  # told in the import's summary
    ("leads.assigned", _assigned(handover_id="ho-1")),  # told in the handover's summary
    ("leads.assigned", leads_pb2.LeadAssigned(lead_id=LEAD, owner_id="rep-1",
                                              reason="销售手工录入，归录入人跟进")),
    ("leads.touched", leads_pb2.LeadTouched(lead_id=LEAD, owner_id="rep-1",
                                            import_id="imp-1")),
    ("leads.first_contact_reminder", leads_pb2.LeadFirstContactReminder(
        lead_id=LEAD, owner_id="rep-1", import_id="imp-1")),
], ids=["import", "handover", "self_entered", "import_touch", "import_reminder"])
def test_an_event_told_elsewhere_or_to_nobody_says_nothing(kind: str, event: Message) -> None:
    assert _says_nothing(kind, event)


@pytest.mark.parametrize(("kind", "event"), [
    ("leads.assigned", _assigned()),  # a web form's lead: its owner is told
    ("leads.touched", leads_pb2.LeadTouched(lead_id=LEAD, owner_id="rep-1")),
    ("leads.first_contact_overdue", leads_pb2.LeadFirstContactOverdue(
        lead_id=LEAD, owner_id="rep-1", manager_ids=["m-1"])),
    ("leads.import_finished", leads_pb2.LeadImportFinished(import_id="imp-1")),  # summaries
    ("leads.handed_over", leads_pb2.LeadsHandedOver(handover_id="ho-1")),
    ("leads.unassigned", leads_pb2.LeadUnassignable(lead_id=LEAD, import_id="imp-1")),
    ("leads.assigned", leads_pb2.LeadTouched(lead_id=LEAD, import_id="imp-1")),  # wrong type:
], ids=["web_form", "touch", "overdue", "import_summary", "handover_summary",  # dead-lettered
        "unassignable", "wrong_payload"])
def test_an_event_that_tells_someone_or_must_fail_is_not_silent(kind: str,
                                                                event: Message) -> None:
    assert not _says_nothing(kind, event)
