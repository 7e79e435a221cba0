"""Stored inbox items become: the items, a `notifications.inbox_item_stored` event each
(through the outbox, for the live stream) and a delivery per external channel each person
wants, due now or held for the morning digest. All in the caller's transaction, and
set-based: a whole batch's items, deliveries and due rows take one statement each."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp
from opentelemetry import trace
from salesos.events.v1 import notifications_pb2 as events
from servicekit.uow import UnitOfWork

from notifications.adapters import delivery_repo, preferences_repo, templates_repo
from notifications.adapters.repository import InboxRepository
from notifications.domain.delivery import HELD, PENDING
from notifications.domain.model import InboxItem
from notifications.domain.preferences import Preferences
from notifications.domain.templates import Book

log = logging.getLogger(__name__)
ITEM_STORED = "notifications.inbox_item_stored"


@dataclass(frozen=True)
class Outgoing:
    """An inbox item to store, with what decides its deliveries. `cause` is the span of
    the event it answers, so its live-stream event continues that event's trace."""

    item: InboxItem
    prefs: Preferences
    urgent: bool = False
    cause: trace.Span | None = None


@dataclass(frozen=True)
class Send:
    """One delivery to plan: `target` is where `channel` reaches `recipient`."""

    event_id: str
    recipient: str
    channel: str
    kind: str
    title: str
    body: str
    link: str
    target: dict[str, str] = field(default_factory=dict)
    urgent: bool = False
    quiet_until: datetime | None = None


async def voice(uow: UnitOfWork, user_ids: list[str]) -> tuple[dict[str, Preferences], Book]:
    """What a message to these people is rendered with: their preferences (language) and
    the edited texts."""
    return (await preferences_repo.load_many(uow.session, user_ids),
            await templates_repo.book(uow.session))


async def store_items(uow: UnitOfWork, outgoing: Sequence[Outgoing], *,
                      now: datetime | None = None) -> int:
    """Stores the items; how many were new. An item whose event already gave that person
    one is left out, with its live event and deliveries."""
    return len(await store_new(uow, outgoing, now=now))


async def store_new(uow: UnitOfWork, outgoing: Sequence[Outgoing], *,
                    now: datetime | None = None) -> dict[str, int]:
    """`store_items`, answering the ids of the items that were new (with their versions)."""
    new = await InboxRepository(uow.session).add_many([o.item for o in outgoing])
    now = now or datetime.now(UTC)
    sends: list[Send] = []
    for o in outgoing:
        if o.item.id not in new:
            continue
        with trace.use_span(o.cause, end_on_exit=False) if o.cause else nullcontext():
            uow.publish(stored_event(replace(o.item, version=new[o.item.id])),
                        type=ITEM_STORED, aggregate_id=o.item.user_id)
        sends += _sends(o, now)
    await push(uow, sends, now=now)
    if len(new) < len(outgoing):
        log.info("%d of %d inbox items were already stored; skipped",
                 len(outgoing) - len(new), len(outgoing))
    return new


async def push(uow: UnitOfWork, sends: Sequence[Send], *, now: datetime) -> int:
    """A delivery per send, with its first attempt due now or its digest at the end of the
    quiet window; returns how many were new (a redelivery adds none)."""
    rows = [delivery_repo.new_row(now=now, values={
        "event_id": s.event_id, "recipient": s.recipient, "channel": s.channel,
        "kind": s.kind, "title": s.title, "body": s.body, "link": s.link,
        "target": s.target, "urgent": s.urgent,
        "state": HELD if s.quiet_until else PENDING}) for s in sends]
    new = await delivery_repo.add_many(uow.session, rows)
    attempts, digests = [], []
    for send, row in zip(sends, rows, strict=True):
        if row["id"] not in new:
            continue
        if send.quiet_until:
            digests.append((send.recipient, send.channel, send.quiet_until))
        else:
            attempts.append((row["id"], now))
    await delivery_repo.schedule_attempts(uow.session, attempts)
    # sorted: concurrent batches then take the digest rows' locks in one order
    await delivery_repo.schedule_digests(uow.session, sorted(set(digests)))
    return len(new)


def _sends(o: Outgoing, now: datetime) -> list[Send]:
    channels = o.prefs.channels_for(o.item.kind)
    if not channels:  # most people: the inbox only
        return []
    quiet_until = None if o.urgent else o.prefs.quiet_until(now)
    item = o.item
    return [Send(event_id=item.event_id, recipient=item.user_id, channel=channel,
                 kind=item.kind, title=item.title, body=item.body, link=item.link,
                 target=target, urgent=o.urgent, quiet_until=quiet_until)
            for channel in channels if (target := o.prefs.target(channel))]


def stored_event(item: InboxItem) -> events.InboxItemStored:
    return events.InboxItemStored(item_id=item.id, user_id=item.user_id, kind=item.kind,
                                  title=item.title, body=item.body, link=item.link,
                                  event_id=item.event_id, created_at=_stamp(item.created_at),
                                  version=item.version, read_at=_stamp(item.read_at),
                                  withdrawn_at=_stamp(item.withdrawn_at))


def _stamp(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp
