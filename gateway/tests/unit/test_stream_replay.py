"""A reconnecting live stream replays what its client missed: every item, however many
pages back, up to a limit past which the client is told to reload its inbox. With a
versioned Last-Event-ID that includes items rewritten in place since; a plain item id
(a client from before versions) replays the newer items, as it always did."""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.inbox_replay import (
    REPLAY_PAGE_SIZE,
    REPLAY_PAGES,
    Replayed,
    event_id,
    missed,
    version_seen,
)
from gateway.protoconv import notification_read
from gateway.routes.notification_stream import _Subscription, notification_stream
from salesos.events.v1 import notifications_pb2 as events
from salesos.notifications.v1 import notifications_pb2 as pb
from servicekit.auth import Principal
from servicekit.ids import uuid7_texts


class Inbox:
    """The notifications service's ListInbox over one person's items: newest first, or
    by change (`changed_after`) oldest change first; `with_late_changes` reaches back
    `lag` versions (the service measures the lag in seconds)."""

    def __init__(self, ids: list[str], lag: int = 0) -> None:
        self.items = [pb.InboxItem(id=i, title=f"t{n}", kind="k", version=n + 1)
                      for n, i in enumerate(ids)][::-1]
        self.calls = 0
        self.lag, self.late_asked = lag, list[bool]()

    def rewrite(self, item_id: str, title: str) -> None:
        version = max(i.version for i in self.items) + 1
        for item in self.items:
            if item.id == item_id:
                item.title, item.version = title, version

    async def list_inbox(self, *, user_token: str, page_size: int, page_token: str,
                         changed_after: int | None = None, with_late_changes: bool = False
                         ) -> Any:
        self.calls += 1
        self.late_asked.append(with_late_changes)
        if changed_after is not None:
            if with_late_changes:
                changed_after = max(changed_after - self.lag, 0)
            changed = sorted((i for i in self.items if i.version > changed_after),
                             key=lambda i: i.version)
            more = len(changed) > page_size
            return pb.ListInboxResponse(items=changed[:page_size], next_page_token=str(
                changed[page_size - 1].version) if more else "")
        start = int(page_token or 0)
        rest = self.items[start + page_size:]
        return pb.ListInboxResponse(items=self.items[start:start + page_size],
                                    next_page_token=str(start + page_size) if rest else "")


def test_every_missed_item_comes_back_in_order_from_several_pages() -> None:
    ids = uuid7_texts(260)
    inbox = Inbox(ids)
    found, complete = asyncio.run(missed(inbox, "token", ids[9]))
    assert complete and [m.item.id for m in found] == ids[10:]
    assert inbox.calls == 3  # stops at the page holding the last item seen


def test_a_client_too_far_behind_gets_the_newest_and_is_told_to_reload() -> None:
    ids = uuid7_texts(REPLAY_PAGES * REPLAY_PAGE_SIZE + 50)
    found, complete = asyncio.run(missed(Inbox(ids), "token", ids[0]))
    assert not complete and [m.item.id for m in found] == ids[-REPLAY_PAGES * REPLAY_PAGE_SIZE:]


def test_a_summary_rewritten_since_the_last_event_comes_again_in_the_order_it_changed() -> None:
    ids = uuid7_texts(250)
    inbox = Inbox(ids)
    last = event_id(ids[200], 201)  # the stream's last event: item 200 at version 201
    inbox.rewrite(ids[3], "新线索 3 条")  # an old summary grew while the client was away
    found, complete = asyncio.run(missed(inbox, "token", last))
    assert complete and [m.item.id for m in found] == [*ids[201:], ids[3]]
    assert found[-1].item.title == "新线索 3 条" and found[-1].version == 251
    assert event_id(found[-1].item.id, found[-1].version) == f"251.{ids[3]}"


def test_a_change_committed_after_the_last_one_seen_comes_with_those_just_before_again(
) -> None:
    """Version 250 took its number before 251 but committed after the client saw 251
    and left: asking for the late changes too brings it, and re-sends the two just
    before under the ids the client already has."""
    ids = uuid7_texts(400)
    inbox = Inbox(ids, lag=3)
    late = next(i for i in inbox.items if i.version == 250)
    inbox.items.remove(late)  # not committed yet when the client saw 251
    last = event_id(ids[250], 251)
    inbox.items.append(late)  # committed while the client was away
    found, complete = asyncio.run(missed(inbox, "token", last))
    assert complete and [m.version for m in found] == list(range(249, 401))
    assert event_id(found[2].item.id, found[2].version) == last  # the same event again
    # The margin once: the next pages go on strictly after the last version found
    assert inbox.late_asked == [True, False]


def test_a_plain_item_id_does_not_see_rewrites_of_older_items_as_before() -> None:
    ids = uuid7_texts(20)
    inbox = Inbox(ids)
    inbox.rewrite(ids[3], "新线索 3 条")
    found, _ = asyncio.run(missed(inbox, "token", ids[10]))
    assert [m.item.id for m in found] == ids[11:]


def test_only_a_version_and_an_item_id_read_as_a_versioned_event_id() -> None:
    item = uuid7_texts(1)[0]
    assert version_seen(f"42.{item}") == 42
    for plain in (item, "42", f"42.{item[:-1]}x", f"-1.{item}", "", "garbage"):
        assert version_seen(plain) is None
    assert event_id(item, 0) == item  # an older notifications service: plain ids as before


async def test_a_change_both_replayed_and_pushed_live_is_sent_once_a_newer_one_again() -> None:
    """Listening starts before the replay is read: the same version may come both ways."""
    item_id = uuid7_texts(1)[0]
    replayed = Replayed(notification_read(pb.InboxItem(id=item_id, title="新线索 2 条")), 5)
    queue: asyncio.Queue[Any] = asyncio.Queue()
    for version, title in ((5, "新线索 2 条"), (6, "新线索 3 条")):
        queue.put_nowait(events.InboxItemStored(item_id=item_id, title=title, version=version))
    queue.put_nowait(None)  # the stream ends
    subscription = _Subscription(queue, [replayed], True, Principal("u1", "rep01", "rep"),
                                 None, check_every=1)  # type: ignore[arg-type]
    sent = [e async for e in notification_stream(subscription) if e.event == "notification"]
    assert [e.id for e in sent] == [f"5.{item_id}", f"6.{item_id}"]
