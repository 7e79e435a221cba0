"""Use cases of the notifications service, one function each."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import uuid6
from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.batching import Delivery
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from notifications.adapters.repository import InboxRepository
from notifications.domain import model
from notifications.service_layer import first_contact_handlers, paging
from notifications.service_layer.fan_out import store_item, voice
from notifications.service_layer.touched import notify_lead_touched

log = logging.getLogger(__name__)


async def on_lead_event(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
    """Consumer entry for `leads.>`: only assignments concern people; the rest is acked."""
    if envelope.type == "leads.assigned":
        event = _lead_assigned(envelope, payload)
        await notify_lead_assigned(uow, event_id=envelope.id, event=event)
    elif envelope.type in first_contact_handlers.HANDLED:
        await first_contact_handlers.notify(uow, envelope, payload)
    elif envelope.type == "leads.touched":
        await notify_lead_touched(uow, event_id=envelope.id, payload=payload)


async def on_lead_events(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
    """Batch mode of `on_lead_event`: one transaction per fetched batch, each event in its
    own trace; leads.created (half of every burst) concerns nobody and costs nothing."""
    for delivery in deliveries:
        if delivery.envelope.type != "leads.created":
            with delivery.traced():
                await on_lead_event(uow, delivery.envelope, delivery.payload)


async def notify_lead_assigned(
    uow: UnitOfWork, *, event_id: str, event: leads_pb2.LeadAssigned, now: datetime | None = None
) -> bool:
    """Tell the new owner the lead is theirs; False when this event already did."""
    facts = model.LeadAssignedFacts(
        lead_id=event.lead_id, owner_id=event.owner_id, company=event.company,
        name=event.name, reason=event.reason,
    )
    everyone, book = await voice(uow, [event.owner_id])
    prefs = everyone[event.owner_id]
    item = model.lead_assigned_item(
        facts, item_id=str(uuid6.uuid7()), event_id=event_id, now=now or datetime.now(UTC),
        language=prefs.language, book=book)
    stored = await store_item(uow, item, prefs=prefs, now=item.created_at)
    if not stored:
        log.info("inbox item for event %s already stored; skipped", event_id)
    return stored


@dataclass(frozen=True)
class InboxPage:
    items: list[model.InboxItem]
    next_page_token: str


async def list_inbox(
    sessions: async_sessionmaker[AsyncSession], *, user_id: str, page_size: int, page_token: str
) -> InboxPage:
    """`user_id`'s own inbox, newest first, one page at a time."""
    size = paging.page_size(page_size)
    after = paging.decode_cursor(page_token) if page_token else None
    async with sessions() as session:
        # One extra row tells whether another page exists without a COUNT.
        items = await InboxRepository(session).list_for_user(
            user_id=user_id, after=after, limit=size + 1
        )
    page, more = items[:size], len(items) > size
    token = paging.encode_cursor(page[-1].created_at, page[-1].id) if more else ""
    return InboxPage(items=page, next_page_token=token)


def _lead_assigned(envelope: Envelope, payload: Message) -> leads_pb2.LeadAssigned:
    if not isinstance(payload, leads_pb2.LeadAssigned):
        # Retried, then dead-lettered by the consumer: a publisher bug, not a reason to drop.
        raise TypeError(f"{envelope.id}: leads.assigned carries {payload.DESCRIPTOR.full_name}")
    return payload
