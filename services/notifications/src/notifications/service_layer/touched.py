"""leads.touched -> 「老客户再次咨询」 in the lead owner's inbox, once per event."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import uuid6
from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2
from servicekit.uow import UnitOfWork

from notifications.domain.customer_returned import LeadTouchedFacts, lead_touched_item
from notifications.service_layer.fan_out import store_item, voice

log = logging.getLogger(__name__)


async def notify_lead_touched(uow: UnitOfWork, *, event_id: str, payload: Message,
                              now: datetime | None = None) -> bool:
    """False when nobody owns the lead yet, or this event already notified."""
    if not isinstance(payload, leads_pb2.LeadTouched):
        raise TypeError(f"leads.touched: unexpected payload {payload.DESCRIPTOR.full_name}")
    facts = LeadTouchedFacts(lead_id=payload.lead_id, owner_id=payload.owner_id,
                             company=payload.company, name=payload.name,
                             channel=payload.channel, match_reason=payload.match_reason)
    everyone, book = await voice(uow, [facts.owner_id])
    prefs = everyone[facts.owner_id]
    item = lead_touched_item(facts, item_id=str(uuid6.uuid7()), event_id=event_id,
                             now=now or datetime.now(UTC), language=prefs.language, book=book)
    if item is None:
        log.info("lead %s touched but has no owner yet; nobody to notify", payload.lead_id)
        return False
    return await store_item(uow, item, prefs=prefs, now=item.created_at)
