"""leads.touched -> 「老客户再次咨询」 in the lead owner's inbox, once per event."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

import uuid6
from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2

from notifications.domain.customer_returned import LeadTouchedFacts, lead_touched_item
from notifications.domain.model import InboxItem
from notifications.domain.preferences import Preferences
from notifications.domain.templates import Book
from notifications.service_layer import import_drafts
from notifications.service_layer.drafts import Draft

log = logging.getLogger(__name__)


def draft(event_id: str, payload: Message, now: datetime) -> Draft:
    """The owner's item; none when nobody owns the lead yet."""
    if not isinstance(payload, leads_pb2.LeadTouched):
        raise TypeError(f"leads.touched: unexpected payload {payload.DESCRIPTOR.full_name}")
    if payload.import_id:
        return import_drafts.SILENT
    facts = LeadTouchedFacts(lead_id=payload.lead_id, owner_id=payload.owner_id,
                             company=payload.company, name=payload.name,
                             channel=payload.channel, match_reason=payload.match_reason,
                             match=payload.match if payload.HasField("match") else None,
                             filled_fields=tuple(payload.filled_fields))

    def render(everyone: Mapping[str, Preferences], book: Book) -> list[InboxItem]:
        if not facts.owner_id:
            log.info("lead %s touched but has no owner yet; nobody to notify", facts.lead_id)
            return []
        item = lead_touched_item(facts, item_id=str(uuid6.uuid7()), event_id=event_id,
                                 now=now, language=everyone[facts.owner_id].language, book=book)
        return [item] if item else []

    return Draft(people=(facts.owner_id,) if facts.owner_id else (), render=render)
