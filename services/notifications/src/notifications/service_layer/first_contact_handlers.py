"""The first-contact clock's events from the leads service, into people's inboxes."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime

import uuid6
from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2
from salesos.events.v1.envelope_pb2 import Envelope

from notifications.domain import first_contact
from notifications.domain.first_contact import ClockFacts
from notifications.domain.model import InboxItem
from notifications.domain.preferences import Preferences
from notifications.domain.templates import Book
from notifications.service_layer.drafts import Draft
from notifications.service_layer.import_drafts import SILENT

log = logging.getLogger(__name__)
HANDLED = {"leads.first_contact_reminder": leads_pb2.LeadFirstContactReminder,
           "leads.first_contact_overdue": leads_pb2.LeadFirstContactOverdue}


def draft(envelope: Envelope, payload: Message, now: datetime) -> Draft:
    """A reminder for the owner, or the overdue notice for each of the region's managers."""
    if not isinstance(payload, HANDLED[envelope.type]):
        raise TypeError(f"{envelope.id}: {envelope.type} carries {payload.DESCRIPTOR.full_name}")
    if payload.import_id:  # told per import and person: import_clock.py
        return SILENT
    facts = ClockFacts(
        lead_id=payload.lead_id, company=payload.company, name=payload.name,
        due_at=payload.due_at.ToDatetime(tzinfo=UTC), owner_id=payload.owner_id,
        owner_username=payload.owner_username,
        percent=getattr(payload, "percent", 0),
        manager_ids=tuple(getattr(payload, "manager_ids", ())),
        reassigned_to_username=getattr(payload, "reassigned_to_username", ""))
    reminder = isinstance(payload, leads_pb2.LeadFirstContactReminder)

    def render(everyone: Mapping[str, Preferences], book: Book) -> list[InboxItem]:
        if reminder:
            return [first_contact.reminder_item(
                facts, event_id=envelope.id, item_id=str(uuid6.uuid7()), now=now,
                language=everyone[facts.owner_id].language, book=book)]
        # one manager at a time: each reads it in their own language
        items = [item for manager in facts.manager_ids for item in first_contact.overdue_items(
            replace(facts, manager_ids=(manager,)), event_id=envelope.id, now=now,
            item_ids=[str(uuid6.uuid7())], language=everyone[manager].language, book=book)]
        if not items:
            log.warning("lead %s overdue but its region has no manager to tell", facts.lead_id)
        return items

    # An overdue lead is escalated to managers: pushed in their quiet hours too.
    people = (facts.owner_id,) if reminder else facts.manager_ids
    return Draft(people=people, render=render, urgent=not reminder)
