"""An event's inbox items in two steps, so that a batch of events costs one preferences
read: each event first says whom it concerns (a Draft), then, once everyone's preferences
(their language) and the edited texts are loaded, how its items read."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from opentelemetry import trace
from servicekit.uow import UnitOfWork

from notifications.domain.model import InboxItem
from notifications.domain.preferences import Preferences
from notifications.domain.templates import Book
from notifications.service_layer.fan_out import Outgoing, store_items, voice

Render = Callable[[Mapping[str, Preferences], Book], list[InboxItem]]


@dataclass(frozen=True)
class Draft:
    """`people` whose preferences `render` reads; `urgent` items ignore quiet hours.
    `cause` is the span of the event drafted: what it stores continues that trace."""

    people: tuple[str, ...]
    render: Render
    urgent: bool = False
    cause: trace.Span | None = None


async def store_drafts(uow: UnitOfWork, drafts: Sequence[Draft], *, now: datetime) -> int:
    """Renders and stores every draft's items with one read of everyone's preferences;
    how many items were new."""
    if not drafts:
        return 0
    people = list(dict.fromkeys(p for d in drafts for p in d.people))
    everyone, book = await voice(uow, people)
    outgoing = [Outgoing(item, everyone[item.user_id], d.urgent, d.cause)
                for d in drafts for item in d.render(everyone, book)]
    return await store_items(uow, outgoing, now=now)
