"""An open live stream ends once its user's token is retired (deactivated, new regions,
new password): it must not outlive the token it was opened with."""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.routes.notification_stream import _Subscription
from servicekit.auth import Principal

REP = Principal("u1", "rep01", "rep")


class Cutoffs:
    def __init__(self) -> None:
        self.retired = False

    async def stands(self, principal: Principal) -> bool:
        return not self.retired


def subscription(cutoffs: Any) -> tuple[_Subscription, asyncio.Queue[Any]]:
    queue: asyncio.Queue[Any] = asyncio.Queue()
    return _Subscription(queue, [], True, REP, cutoffs, check_every=0.05), queue


async def test_items_flow_while_the_token_stands_and_the_stream_ends_once_retired() -> None:
    cutoffs = Cutoffs()
    open_stream, queue = subscription(cutoffs)
    waiting = asyncio.ensure_future(open_stream.next_item())
    await asyncio.sleep(0.2)  # several checks pass: the token stands, the stream waits
    assert not waiting.done()
    await queue.put("item")
    assert await waiting == "item"
    cutoffs.retired = True
    async with asyncio.timeout(1):
        assert await open_stream.next_item() is None


async def test_a_check_that_cannot_be_made_ends_the_stream() -> None:
    class Down:
        async def stands(self, principal: Principal) -> bool:
            raise OSError("database unreachable")

    open_stream, _ = subscription(Down())
    async with asyncio.timeout(1):
        assert await open_stream.next_item() is None
