"""Fan-out of new inbox items to this replica's open SSE connections.

The notifications service publishes `notifications.inbox_item_stored` through its outbox
after the item is committed. Every gateway replica holds one core NATS subscription on
that subject (core, not a durable: each replica must see every item, since the person's
stream may be open on any of them) and hands each item to the queues of that person's
connections here. A replica that was disconnected from NATS misses items meanwhile; the
client's reconnect (`retry`) followed by `GET /notifications` fills the gap.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

import nats
from nats.aio.client import Client
from salesos.events.v1 import notifications_pb2 as events
from salesos.events.v1.envelope_pb2 import Envelope

log = logging.getLogger(__name__)
SUBJECT = "notifications.inbox_item_stored"
_QUEUE_SIZE = 100  # a connection that stops reading loses pushes, never the server's memory


class LiveInbox:
    def __init__(self, nats_url: str) -> None:
        self.nats_url = nats_url
        self._nc: Client | None = None
        self._started = asyncio.Lock()
        self._queues: dict[str, set[asyncio.Queue[events.InboxItemStored]]] = {}
        # The relay may publish an event twice (redelivery after a crash); push it once.
        # By event, not by item: an item rewritten in place (a summary whose count grew)
        # comes again under its id in a new event, and must reach the stream.
        self._seen: OrderedDict[str, None] = OrderedDict()

    async def start(self) -> None:
        async with self._started:
            if self._nc is not None:
                return
            # Reconnects forever once connected; the first connection is bounded, since
            # nats-py would otherwise keep a stream request waiting while NATS is down.
            nc = await asyncio.wait_for(nats.connect(
                self.nats_url, name="gateway-live-inbox", max_reconnect_attempts=-1,
                reconnect_time_wait=0.5, connect_timeout=2, error_cb=self._on_error), 3.0)
            await nc.subscribe(SUBJECT, cb=self._on_message)
            self._nc = nc

    async def _on_error(self, error: Exception) -> None:
        log.warning("live inbox: nats: %s", error)

    async def _on_message(self, msg: Any) -> None:
        try:
            envelope = Envelope.FromString(msg.data)
            item = events.InboxItemStored()
            envelope.payload.Unpack(item)
        except Exception as error:  # a bad message must not stop the others
            log.warning("live inbox: undecodable message: %s", error)
            return
        if envelope.id in self._seen:
            return
        self._seen[envelope.id] = None
        if len(self._seen) > 10_000:
            self._seen.popitem(last=False)
        for queue in self._queues.get(item.user_id, ()):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(item)

    @contextlib.asynccontextmanager
    async def listen(self, user_id: str) -> AsyncIterator[asyncio.Queue[events.InboxItemStored]]:
        await self.start()
        queue: asyncio.Queue[events.InboxItemStored] = asyncio.Queue(_QUEUE_SIZE)
        self._queues.setdefault(user_id, set()).add(queue)
        try:
            yield queue
        finally:
            mine = self._queues.get(user_id, set())
            mine.discard(queue)
            if not mine:
                self._queues.pop(user_id, None)

    async def close(self) -> None:
        if self._nc is not None and not self._nc.is_closed:
            with contextlib.suppress(Exception):
                await self._nc.close()
        self._nc = None
