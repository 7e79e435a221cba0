"""Summary items that a later event of the same thing rewrites in place: an import's
first-contact thresholds (import_clock.py) and its per-owner summary (import_drafts.py).

Such an item's event key names the thing, not the event, so the inbox's (event, person)
key and the deliveries' (event, person, channel) key hold one item and one message per
channel whatever brings it. The first event stores the item and sends it; a later one
rewrites it (unread again, pushed to the live stream again under its id) and whatever of
it is not sent yet; it does not send another e-mail or robot message.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from datetime import datetime

from opentelemetry import trace
from servicekit.uow import UnitOfWork

from notifications.adapters import import_clock_repo
from notifications.service_layer.fan_out import ITEM_STORED, Outgoing, store_new, stored_event


async def store_or_rewrite(uow: UnitOfWork, outgoing: Sequence[Outgoing], *,
                           cause: trace.Span | None, now: datetime) -> int:
    """Stores each item, or rewrites the person's item of its key; how many were new."""
    new = await store_new(uow, outgoing, now=now)
    for o in outgoing:
        refreshed = None if o.item.id in new \
            else await import_clock_repo.refresh(uow.session, o.item)
        if refreshed is not None:
            with trace.use_span(cause, end_on_exit=False) if cause else nullcontext():
                uow.publish(stored_event(refreshed), type=ITEM_STORED,
                            aggregate_id=refreshed.user_id)
    return len(new)
