"""The first-contact clock's events from the leads service, into people's inboxes."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import uuid6
from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.uow import UnitOfWork

from notifications.domain import first_contact
from notifications.domain.first_contact import ClockFacts
from notifications.service_layer.fan_out import store_item

log = logging.getLogger(__name__)
HANDLED = {"leads.first_contact_reminder": leads_pb2.LeadFirstContactReminder,
           "leads.first_contact_overdue": leads_pb2.LeadFirstContactOverdue}


async def notify(uow: UnitOfWork, envelope: Envelope, payload: Message,
                 now: datetime | None = None) -> int:
    """Stores the event's inbox items; returns how many were new."""
    if not isinstance(payload, HANDLED[envelope.type]):
        raise TypeError(f"{envelope.id}: {envelope.type} carries {payload.DESCRIPTOR.full_name}")
    now = now or datetime.now(UTC)
    facts = ClockFacts(
        lead_id=payload.lead_id, company=payload.company, name=payload.name,
        due_at=payload.due_at.ToDatetime(tzinfo=UTC), owner_id=payload.owner_id,
        owner_username=payload.owner_username,
        percent=getattr(payload, "percent", 0),
        manager_ids=tuple(getattr(payload, "manager_ids", ())),
        reassigned_to_username=getattr(payload, "reassigned_to_username", ""))
    if isinstance(payload, leads_pb2.LeadFirstContactReminder):
        items = [first_contact.reminder_item(facts, event_id=envelope.id,
                                             item_id=str(uuid6.uuid7()), now=now)]
    else:
        items = first_contact.overdue_items(
            facts, event_id=envelope.id, now=now,
            item_ids=[str(uuid6.uuid7()) for _ in facts.manager_ids])
        if not items:
            log.warning("lead %s overdue but its region has no manager to tell", facts.lead_id)
    # An overdue lead is escalated to managers: pushed in their quiet hours too.
    urgent = isinstance(payload, leads_pb2.LeadFirstContactOverdue)
    return sum([await store_item(uow, item, urgent=urgent, now=now) for item in items])
