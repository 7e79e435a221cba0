"""One stored inbox item becomes: the item, an `notifications.inbox_item_stored` event
(through the outbox, for the live stream) and a delivery per external channel the person
wants, each due now or held for the morning digest. All in the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp
from salesos.events.v1 import notifications_pb2 as events
from servicekit.uow import UnitOfWork

from notifications.adapters import delivery_repo, preferences_repo, templates_repo
from notifications.adapters.repository import InboxRepository
from notifications.domain.delivery import HELD, PENDING
from notifications.domain.model import InboxItem
from notifications.domain.preferences import Preferences
from notifications.domain.templates import Book

ITEM_STORED = "notifications.inbox_item_stored"


async def voice(uow: UnitOfWork, user_ids: list[str]) -> tuple[dict[str, Preferences], Book]:
    """What a message to these people is rendered with: their preferences (language) and
    the edited texts."""
    return (await preferences_repo.load_many(uow.session, user_ids),
            await templates_repo.book(uow.session))


async def store_item(uow: UnitOfWork, item: InboxItem, *, urgent: bool = False,
                     prefs: Preferences | None = None, now: datetime | None = None) -> bool:
    """False when this event already gave this person this item (nothing else is done)."""
    if not await InboxRepository(uow.session).add(item):
        return False
    uow.publish(_stored(item), type=ITEM_STORED, aggregate_id=item.user_id)
    prefs = prefs or await preferences_repo.load(uow.session, item.user_id)
    now = now or datetime.now(UTC)
    targets = {ch: t for ch in prefs.channels_for(item.kind) if (t := prefs.target(ch))}
    await push(uow, event_id=item.event_id, recipient=item.user_id, kind=item.kind,
               title=item.title, body=item.body, link=item.link, targets=targets,
               quiet_until=None if urgent else prefs.quiet_until(now), urgent=urgent, now=now)
    return True


async def push(uow: UnitOfWork, *, event_id: str, recipient: str, kind: str, title: str,
               body: str, link: str, targets: Mapping[str, Mapping[str, str]],
               quiet_until: datetime | None, urgent: bool, now: datetime) -> int:
    """A delivery per channel; returns how many were new (a redelivery adds none)."""
    added = 0
    for channel, target in targets.items():
        delivery_id = await delivery_repo.add(uow.session, now=now, values={
            "event_id": event_id, "recipient": recipient, "channel": channel, "kind": kind,
            "title": title, "body": body, "link": link, "target": dict(target),
            "urgent": urgent, "state": HELD if quiet_until else PENDING})
        if delivery_id is None:
            continue
        added += 1
        if quiet_until:
            await delivery_repo.schedule_digest(uow.session, user_id=recipient, channel=channel,
                                                due_at=quiet_until)
        else:
            await delivery_repo.schedule_attempt(uow.session, delivery_id, now)
    return added


def _stored(item: InboxItem) -> events.InboxItemStored:
    created = Timestamp()
    created.FromDatetime(item.created_at)
    return events.InboxItemStored(item_id=item.id, user_id=item.user_id, kind=item.kind,
                                  title=item.title, body=item.body, link=item.link,
                                  event_id=item.event_id, created_at=created)
