"""Fan-out of new inbox items to this replica's open SSE connections.

The notifications service publishes `notifications.inbox_item_stored` through its outbox
after the item is committed. Every gateway replica holds one core subscription on that
subject on its NATS connection (bus.py; core, not a durable: each replica must see every
item, since the person's stream may be open on any of them) and hands each item to the
queues of that person's connections here.

While the replica is not connected to NATS it would miss items, so a stream is never
open then: `listen` refuses (the route answers 503 with Retry-After) and losing the
connection ends every open stream (its queue gets `None` after what it already holds).
A stream that quietly stopped receiving would look healthy to its client and lose what
is stored meanwhile; an ended one makes the EventSource reconnect with Last-Event-ID,
get 503 until NATS is back, then the items stored since its last event (the route's
replay) and live ones again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

from salesos.events.v1 import notifications_pb2 as events
from salesos.events.v1.envelope_pb2 import Envelope

from gateway.bus import Bus

log = logging.getLogger(__name__)
SUBJECT = "notifications.inbox_item_stored"
_QUEUE_SIZE = 100  # a connection that stops reading loses pushes, never the server's memory
FIRST_CONNECT_SECONDS = 2.0  # a replica just started may still be making its connection
Pushed = events.InboxItemStored | None  # None: NATS was lost, the stream must end


class BusUnavailable(Exception):
    """This replica is not connected to NATS: a stream now would miss items."""


class LiveInbox:
    def __init__(self, bus: Bus) -> None:
        self._bus = bus
        self._queues: dict[str, set[asyncio.Queue[Pushed]]] = {}
        # The relay may publish an event twice (redelivery after a crash); push it once.
        # By event, not by item: an item rewritten in place (a summary whose count grew)
        # comes again under its id in a new event, and must reach the stream.
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._closed = False
        bus.subscribe(SUBJECT, self._on_message)
        bus.on_lost(self._end_streams)

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
            if queue.qsize() < _QUEUE_SIZE:
                queue.put_nowait(item)

    def close(self) -> None:
        """The replica is stopping: end every open stream now (the EventSource reconnects
        to another replica with Last-Event-ID) and open no more. Left open, a stream
        never ends, and uvicorn waits for it until the pod is killed."""
        self._closed = True
        self._end_streams()

    def _end_streams(self) -> None:
        queues, self._queues = self._queues, {}
        for mine in queues.values():
            for queue in mine:
                queue.put_nowait(None)

    @contextlib.asynccontextmanager
    async def listen(self, user_id: str) -> AsyncIterator[asyncio.Queue[Pushed]]:
        """The person's pushes until NATS is lost (then `None`); BusUnavailable when this
        replica is not connected now."""
        if self._closed or not await self._bus.wait_connected(FIRST_CONNECT_SECONDS):
            raise BusUnavailable(self._bus.url)
        # No await from the check to here: a loss after it finds this queue and ends it.
        # One place more than pushes may fill: the end-of-stream mark always fits.
        queue: asyncio.Queue[Pushed] = asyncio.Queue(_QUEUE_SIZE + 1)
        self._queues.setdefault(user_id, set()).add(queue)
        try:
            yield queue
        finally:
            mine = self._queues.get(user_id, set())
            mine.discard(queue)
            if not mine:
                self._queues.pop(user_id, None)
