"""Clock and lifecycle events to their protobuf contracts, and contacts to messages."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.leads.v1 import leads_pb2
from servicekit.uow import UnitOfWork

from leads.domain import clock_events as ev
from leads.domain.lifecycle import Contact

CONTRACTS: dict[type, tuple[str, type[Message]]] = {
    ev.ContactLogged: ("leads.contact_logged", events_pb2.LeadContactLogged),
    ev.FirstContactReminder: ("leads.first_contact_reminder",
                              events_pb2.LeadFirstContactReminder),
    ev.FirstContactOverdue: ("leads.first_contact_overdue", events_pb2.LeadFirstContactOverdue),
    ev.LeadQualified: ("leads.qualified", events_pb2.LeadQualified),
    ev.LeadDisqualified: ("leads.disqualified", events_pb2.LeadDisqualified),
}


def to_message(event: ev.ClockEvent) -> tuple[str, Message]:
    subject, message_type = CONTRACTS[type(event)]
    message = message_type()
    for field in dataclasses.fields(event):
        value = getattr(event, field.name)
        if isinstance(value, datetime):
            getattr(message, field.name).FromDatetime(value)
        elif isinstance(value, (tuple, list)):
            getattr(message, field.name).extend(value)
        elif isinstance(value, dict):
            getattr(message, field.name).update(value)
        else:
            setattr(message, field.name, value)
    return subject, message


def publish(uow: UnitOfWork, events: list[ev.ClockEvent] | tuple[ev.ClockEvent, ...]) -> None:
    for event in events:
        subject, message = to_message(event)
        uow.publish(message, type=subject, aggregate_id=event.lead_id)


def contact_to_proto(contact: Contact, *, lead_status: str) -> leads_pb2.Contact:
    message = leads_pb2.Contact(
        id=contact.id, lead_id=contact.lead_id, rep_id=contact.rep_id, channel=contact.channel,
        outcome=contact.outcome, next_step=contact.next_step, lead_status=lead_status)
    message.contacted_at.FromDatetime(contact.contacted_at)
    if contact.next_step_at is not None:
        message.next_step_at.FromDatetime(contact.next_step_at)
    return message
