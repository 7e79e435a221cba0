"""Use cases of the notifications service, one function each."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import uuid6
from google.protobuf.message import Message
from opentelemetry import trace
from salesos.events.v1 import leads_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.batching import Delivery
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from notifications.adapters.repository import InboxRepository
from notifications.domain import lead_notices, model
from notifications.domain.preferences import Preferences
from notifications.domain.templates import Book
from notifications.service_layer import (
    first_contact_handlers,
    handover_notices,
    import_clock,
    import_drafts,
    paging,
    touched,
)
from notifications.service_layer.drafts import Draft, store_drafts

Caused = tuple[Envelope, Message, trace.Span | None]


async def on_lead_event(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
    """Consumer entry for the leads stream (SUBJECTS): assignments, the first-contact clock
    and returning customers concern people; anything else is acked."""
    await notify_lead_events(uow, [(envelope, payload, None)])


async def on_lead_events(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
    """Batch mode of `on_lead_event`: the whole fetched batch in one transaction, with one
    preferences read, one inbox insert and one outbox insert for all of its items; each
    item's live-stream event continues its own event's trace."""
    await notify_lead_events(uow, [(d.envelope, d.payload, d.span) for d in deliveries])


async def notify_lead_events(uow: UnitOfWork, events: Sequence[Caused], *,
                             now: datetime | None = None) -> int:
    """Stores the events' inbox items; how many were new (a redelivered event adds none).
    An import's summaries may rewrite their items instead (import_clock.py,
    import_drafts.py)."""
    now = now or datetime.now(UTC)
    told = 0
    for envelope, payload, cause in events:  # rare: a few per import
        if envelope.type == import_clock.SUBJECT:
            told += await import_clock.on_import_clock(uow, envelope, payload, cause=cause,
                                                       now=now)
        elif envelope.type == import_drafts.SUBJECT:
            told += await import_drafts.on_import_finished(uow, envelope, payload,
                                                           cause=cause, now=now)
        elif envelope.type == handover_notices.LEADS_SUBJECT:
            told += await handover_notices.on_handed_over(uow, envelope, payload,
                                                          cause=cause, now=now)
    drafts = [replace(found, cause=cause) for envelope, payload, cause in events
              if (found := draft(envelope, payload, now)) is not None]
    return told + await store_drafts(uow, drafts, now=now)


def draft(envelope: Envelope, payload: Message, now: datetime) -> Draft | None:
    found = DRAFTS.get(envelope.type)
    return found(envelope, payload, now) if found else None


def _lead_assigned(envelope: Envelope, payload: Message, now: datetime) -> Draft:
    """Tell the new owner the lead is theirs."""
    if not isinstance(payload, leads_pb2.LeadAssigned):
        # Retried, then dead-lettered by the consumer: a publisher bug, not a reason to drop.
        raise TypeError(f"{envelope.id}: leads.assigned carries {payload.DESCRIPTOR.full_name}")
    if payload.import_id or payload.handover_id:  # told in the import's / handover's summary
        return import_drafts.SILENT
    if lead_notices.self_entered(payload):  # its owner entered it: nobody to tell
        return import_drafts.SILENT
    facts = model.LeadAssignedFacts(
        lead_id=payload.lead_id, owner_id=payload.owner_id, company=payload.company,
        name=payload.name, reason=payload.reason, reasons=tuple(payload.reasons))

    def render(everyone: Mapping[str, Preferences], book: Book) -> list[model.InboxItem]:
        # An owner-less assignment raises here: the batch is redone one by one and this
        # event alone is retried and dead-lettered.
        return [model.lead_assigned_item(
            facts, item_id=str(uuid6.uuid7()), event_id=envelope.id, now=now,
            language=everyone[facts.owner_id].language, book=book)]

    return Draft(people=(facts.owner_id,), render=render)


Drafter = Callable[[Envelope, Message, datetime], Draft]
# The leads events that concern people; the consumer asks JetStream for these subjects only.
DRAFTS: dict[str, Drafter] = {
    "leads.assigned": _lead_assigned,
    "leads.touched": lambda envelope, payload, now: touched.draft(envelope.id, payload, now),
    **dict.fromkeys(first_contact_handlers.HANDLED, first_contact_handlers.draft),
}
SUBJECTS = (*DRAFTS, import_clock.SUBJECT, import_drafts.SUBJECT,
            handover_notices.LEADS_SUBJECT)


def says_nothing(envelope: Envelope, payload: Message) -> bool:
    """A lead event whose draft is SILENT whenever it comes (an import's or handover's
    per-lead event, told in their summaries; a lead its owner entered): the consumer acks
    it without an inbox row (Subscription.silent). A payload of the wrong type is not
    silent: the handler's TypeError retries and dead-letters it."""
    found = DRAFTS.get(envelope.type)
    if found is None:
        return False
    try:
        return found(envelope, payload, datetime.now(UTC)) is import_drafts.SILENT
    except TypeError:
        return False


@dataclass(frozen=True)
class InboxPage:
    items: list[model.InboxItem]
    next_page_token: str


async def list_inbox(
    sessions: async_sessionmaker[AsyncSession], *, user_id: str, page_size: int, page_token: str,
    state: str = "",
) -> InboxPage:
    """`user_id`'s own inbox, newest first, one page at a time; only the items in `state`
    (open, read, withdrawn) when given. A cursor is the last item's key, so it carries on
    within the same state as asked again."""
    size = paging.page_size(page_size)
    after = paging.decode_cursor(page_token) if page_token else None
    async with sessions() as session:
        # One extra row tells whether another page exists without a COUNT.
        items = await InboxRepository(session).list_for_user(
            user_id=user_id, after=after, limit=size + 1, state=state
        )
    page, more = items[:size], len(items) > size
    token = paging.encode_cursor(page[-1].created_at, page[-1].id) if more else ""
    return InboxPage(items=page, next_page_token=token)


async def inbox_changes(
    sessions: async_sessionmaker[AsyncSession], *, user_id: str, page_size: int, after: int,
    late: timedelta | None = None,
) -> InboxPage:
    """`user_id`'s items created or rewritten after version `after`, oldest change first;
    the token (the last version) is non-empty when more follow. With `late` (the commit
    lag), also those whose version was taken up to that long before `after`'s: they may
    have committed after it (what a reconnecting stream asks; a few come again)."""
    size = paging.page_size(page_size)
    async with sessions() as session:
        inbox = InboxRepository(session)
        if late is not None:
            after = await inbox.replay_floor(user_id=user_id, seen=after, lag=late)
        items = await inbox.changed_for_user(user_id=user_id, after=after, limit=size + 1)
    page, more = items[:size], len(items) > size
    return InboxPage(items=page, next_page_token=str(page[-1].version) if more else "")
