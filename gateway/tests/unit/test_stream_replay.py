"""A reconnecting live stream replays what its client missed: every item, however many
pages back, up to a limit past which the client is told to reload its inbox."""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.routes.notification_stream import REPLAY_PAGE_SIZE, REPLAY_PAGES, _missed
from salesos.notifications.v1 import notifications_pb2 as pb
from servicekit.ids import uuid7_texts


class Inbox:
    """The notifications service's ListInbox over one person's items, newest first."""

    def __init__(self, ids: list[str]) -> None:
        self.items = [pb.InboxItem(id=i, title=f"t{n}", kind="k")
                      for n, i in enumerate(ids)][::-1]
        self.calls = 0

    async def list_inbox(self, *, user_token: str, page_size: int, page_token: str) -> Any:
        self.calls += 1
        start = int(page_token or 0)
        rest = self.items[start + page_size:]
        return pb.ListInboxResponse(items=self.items[start:start + page_size],
                                    next_page_token=str(start + page_size) if rest else "")


def test_every_missed_item_comes_back_in_order_from_several_pages() -> None:
    ids = uuid7_texts(260)
    inbox = Inbox(ids)
    missed, complete = asyncio.run(_missed(inbox, "token", ids[9]))  # type: ignore[arg-type]
    assert complete and [m.id for m in missed] == ids[10:]
    assert inbox.calls == 3  # stops at the page holding the last item seen


def test_a_client_too_far_behind_gets_the_newest_and_is_told_to_reload() -> None:
    ids = uuid7_texts(REPLAY_PAGES * REPLAY_PAGE_SIZE + 50)
    missed, complete = asyncio.run(_missed(Inbox(ids), "token", ids[0]))  # type: ignore[arg-type]
    assert not complete and [m.id for m in missed] == ids[-REPLAY_PAGES * REPLAY_PAGE_SIZE:]
