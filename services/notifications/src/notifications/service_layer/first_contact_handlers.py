"""The first-contact clock's events from the leads service, into people's inboxes."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

import uuid6
from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.uow import UnitOfWork

from notifications.domain import first_contact
from notifications.domain.first_contact import ClockFacts
from notifications.service_layer.fan_out import store_item, voice

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
    reminder = isinstance(payload, leads_pb2.LeadFirstContactReminder)
    people = [facts.owner_id] if reminder else list(facts.manager_ids)
    everyone, book = await voice(uow, people)
    if reminder:
        items = [first_contact.reminder_item(
            facts, event_id=envelope.id, item_id=str(uuid6.uuid7()), now=now,
            language=everyone[facts.owner_id].language, book=book)]
    else:  # one manager at a time: each reads it in their own language
        items = [item for manager in facts.manager_ids for item in first_contact.overdue_items(
            replace(facts, manager_ids=(manager,)), event_id=envelope.id, now=now,
            item_ids=[str(uuid6.uuid7())], language=everyone[manager].language, book=book)]
        if not items:
            log.warning("lead %s overdue but its region has no manager to tell", facts.lead_id)
    # An overdue lead is escalated to managers: pushed in their quiet hours too.
    urgent = isinstance(payload, leads_pb2.LeadFirstContactOverdue)
    return sum([await store_item(uow, item, urgent=urgent, prefs=everyone[item.user_id], now=now)
                for item in items])
