"""A durable's messages through long-lived pull requests instead of a fetch per batch.

nats-py's `fetch()` costs, per batch, one or two pull requests, their status replies, a
timer per awaited message and, for a lone message, a linger: under load that was most of
a consumer's NATS work and a share of the server's. A `Puller` keeps a request for up to
`batch` messages open on the server (it expires after `expires` seconds and is renewed);
messages flow into a local queue as they are published, and when fewer than half a batch
is still owed another request tops it up. `next_batch()` waits for the first message and
takes whatever else has already arrived (a lone one waits `linger` for a second, as
fetch() did, so that a trickle of events is not a transaction each). With `gather` set,
a flow (two or more messages by then) is given up to `gather` seconds from its first
message's arrival to fill the batch: a consumer whose batch costs mostly fixed round
trips then pays them for a few dozen events instead of a handful, at the price of that
much latency under load only (a lone message goes as before). Acks are unchanged:
one per message, after the transaction (AckAll would also ack messages another replica
still holds).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription

_STATUS, _PENDING = "Status", "Nats-Pending-Messages"
_HEARTBEAT = "100"


class Puller:
    def __init__(self, nc: Client, *, stream: str, durable: str, batch: int,
                 expires: float = 5.0, linger: float = 0.01, gather: float = 0.0) -> None:
        self._nc, self._batch, self._expires, self._linger = nc, batch, expires, linger
        self._gather = gather
        self._ready = 0  # messages queued, status replies aside
        self._first = 0.0  # when the oldest of them arrived
        self._full = asyncio.Event()  # a whole batch is queued
        self._next = f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}"
        self._owed = 0  # messages the open requests may still deliver
        self._queue: deque[Msg] = deque()
        self._arrived = asyncio.Event()
        self._heard = time.monotonic()
        self._inbox = ""
        self._sub: Subscription | None = None

    async def start(self) -> None:
        self._inbox = self._nc.new_inbox()
        self._sub = await self._nc.subscribe(self._inbox, cb=self._receive)

    async def stop(self) -> None:
        """Unsubscribes and hands back what arrived but was not taken, so another
        replica gets it now rather than after the ack wait."""
        if self._sub is not None:
            with contextlib.suppress(Exception):
                await self._sub.unsubscribe()
        self._ready = 0
        while self._queue:
            msg = self._queue.popleft()
            if not _status(msg):
                with contextlib.suppress(Exception):
                    await msg.nak()

    async def _receive(self, msg: Msg) -> None:
        self._queue.append(msg)
        self._heard = time.monotonic()
        self._arrived.set()
        if not _status(msg):  # status replies (expired, heartbeat) fill no batch
            if not self._ready:
                self._first = self._heard
            self._ready += 1
            if self._ready >= self._batch:
                self._full.set()

    async def next_batch(self, wait_seconds: float) -> list[Msg]:
        """Up to `batch` messages: waits up to `wait_seconds` for the first (empty on time-out),
        then takes what else is already here."""
        await self._top_up()
        if not self._queue:
            await self._wait(wait_seconds)
        if len(self._queue) == 1:  # a lone message waits `linger` for company, as fetch()
            await self._wait(self._linger)  # did: batches of one cost a transaction each
        if self._gather and 1 < self._ready < self._batch:
            await self._fill(self._first + self._gather - time.monotonic())
        taken = self._take()
        if not self._queue and time.monotonic() - self._heard > self._expires + 2:
            self._owed = 0  # not even the expiry's status came: the request was lost
        await self._top_up()
        return taken

    async def _wait(self, seconds: float) -> None:
        """Until the next message arrives, or `seconds` have passed."""
        self._arrived.clear()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._arrived.wait()

    async def _fill(self, seconds: float) -> None:
        """Until a whole batch is queued, or `seconds` have passed (one timer, not a
        wake-up per message)."""
        if seconds <= 0:
            return
        self._full.clear()
        if self._ready >= self._batch:
            return
        if self._owed < self._batch:  # the open requests must be able to fill it
            await self._request(self._batch - self._owed)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._full.wait()

    def _take(self) -> list[Msg]:
        taken: list[Msg] = []
        while self._queue and len(taken) < self._batch:
            msg = self._queue.popleft()
            status = _status(msg)
            if not status:
                taken.append(msg)
                self._owed -= 1
                self._ready -= 1
            elif status != _HEARTBEAT:  # 408 expired, 409 ...: that request is over
                pending = (msg.headers or {}).get(_PENDING)
                self._owed = self._owed - int(pending) if pending else 0
        self._owed = max(self._owed, 0)
        return taken

    async def _top_up(self) -> None:
        if self._owed > self._batch // 2:
            return
        await self._request(self._batch - self._owed)

    async def _request(self, want: int) -> None:
        request = {"batch": want, "expires": int(self._expires * 1_000_000_000)}
        await self._nc.publish(self._next, json.dumps(request).encode(), reply=self._inbox)
        self._owed += want
        self._heard = time.monotonic()


def _status(msg: Msg) -> str | None:
    return msg.headers.get(_STATUS) if msg.headers else None
