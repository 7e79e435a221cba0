"""What a reconnecting live stream missed, found from its `Last-Event-ID`.

An event's id is `<version>.<item id>`: the item's version is taken anew from the
notifications service's one change sequence whenever the item is stored or rewritten in
place (a summary whose count grew keeps its item id). Every change with a version above
the last one seen, oldest first, is created or rewritten while the client was away.

Not all of it, though: a version is taken inside the notifications consumer's transaction,
and consumers commit side by side, so version 104 can commit (and its event reach the
stream) after 105 did. A client that saw 105 and left before 104 came would never get
104 by version alone. So the first page asks for the late changes too
(`with_late_changes`): also those whose version was taken within the service's commit lag
(SALESOS_INBOX_CHANGE_LAG_SECONDS, 30 s) before the last one seen. The client gets the
ones it already has again, under the same `<version>.<id>`: applied by item id, the same
version twice changes nothing. Bounding it by time rather than serialising each person's
writes keeps intake bursts off a per-person lock, and also covers an event the relay
publishes late (a hand-over that failed is swept seconds later), which no commit order
would.

A plain item id (what the stream sent before versions, still sent for an item from a
notifications service that has none) replays as it always did: the items whose UUIDv7
id is newer. A rewrite of an older item is not found that way; the client's next event
carries a version and from then on it is.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from operator import attrgetter
from typing import Protocol

from salesos.notifications.v1 import notifications_pb2 as pb

from gateway.protoconv import notification_read
from gateway.schemas import NotificationRead

# Replayed on reconnect at most; a client further behind is told to reload its inbox.
REPLAY_PAGES, REPLAY_PAGE_SIZE = 10, 100
_VERSIONED = re.compile(r"(\d{1,18})\.([0-9a-fA-F-]{36})")


class Inbox(Protocol):
    async def list_inbox(self, *, user_token: str, page_size: int, page_token: str,
                         changed_after: int | None = None, with_late_changes: bool = False
                         ) -> pb.ListInboxResponse: ...


@dataclass(frozen=True)
class Replayed:
    item: NotificationRead
    version: int  # 0: from a notifications service without versions


def event_id(item_id: str, version: int) -> str:
    return f"{version}.{item_id}" if version else item_id


def version_seen(last_event_id: str) -> int | None:
    """The version a versioned event id names; None for a plain item id (or anything
    else a client may send, which replays by id as before)."""
    found = _VERSIONED.fullmatch(last_event_id.strip())
    if found is None:
        return None
    try:
        uuid.UUID(found[2])
    except ValueError:
        return None
    return int(found[1])


async def missed(inbox: Inbox, token: str, last_event_id: str) -> tuple[list[Replayed], bool]:
    """What was missed since `last_event_id`, in the order to send it; and whether that
    is all of it (False past REPLAY_PAGES pages)."""
    since = version_seen(last_event_id)
    if since is None:
        return await _newer_than(inbox, token, last_event_id)
    found: list[pb.InboxItem] = []
    for page in range(REPLAY_PAGES):
        # Later pages go on strictly after the last version found: the margin once only
        reply = await inbox.list_inbox(user_token=token, page_size=REPLAY_PAGE_SIZE,
                                       page_token="", changed_after=since,
                                       with_late_changes=page == 0)
        found += reply.items
        if not reply.next_page_token or not reply.items:
            return _replayed(found), True
        since = reply.items[-1].version
    # The first 1,000 changes, oldest first: the client's last event id then moves on
    # from where it was, so each reconnect gets further (it reloads its inbox anyway).
    return _replayed(found), False


async def _newer_than(inbox: Inbox, token: str, last_id: str
                      ) -> tuple[list[Replayed], bool]:
    """Items stored after the one the client saw last, in id order (UUIDv7: the order
    they were made in, which the list's `created_at` order can differ from by a few ms
    when events are handled side by side), paging back through the inbox until that one."""
    found: list[pb.InboxItem] = []
    page_token, complete = "", False
    for _ in range(REPLAY_PAGES):
        reply = await inbox.list_inbox(user_token=token, page_size=REPLAY_PAGE_SIZE,
                                       page_token=page_token)
        newer = [i for i in reply.items if i.id > last_id]
        found += newer
        page_token = reply.next_page_token
        if len(newer) < len(reply.items) or not page_token:
            complete = True
            break
    return _replayed(sorted(found, key=attrgetter("id"))), complete


def _replayed(items: list[pb.InboxItem]) -> list[Replayed]:
    return [Replayed(notification_read(i), i.version) for i in items]
