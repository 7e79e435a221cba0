"""This gateway replica's one NATS connection: the live inbox subscribes through it and
`/readyz` pings through it (live_inbox.py, readiness.py).

The gateway publishes nothing; it needs NATS for live pushes and to tell an operator
whether events flow. The connection is begun at startup (or on first use) in the
background, so the gateway serves while NATS is away.

The first connection is retried here, not inside nats-py: with unlimited attempts its
connect() never returns while NATS is away, and on Python 3.11 a cancel landing in its
wait_for can be swallowed (bpo-42130), so closing hung. Here each try ends after two
attempts and the loop looks at `_closing` between tries; close() waits a bounded time
for a try in flight and lets it close whatever it got. Once connected, nats-py
reconnects forever and replays its subscriptions itself; `connected` is true only after
a round trip confirmed them (at the first connection and after each reconnect).
Losing and regaining the connection is logged once each and told to `on_lost`
listeners (open live streams end, see live_inbox.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import nats
from nats.aio.client import Client
from servicekit.messaging import keep_cancellation

log = logging.getLogger(__name__)
Handler = Callable[[Any], Awaitable[None]]
CLOSE_SECONDS = 1.0  # close() waits at most about this long per step: shutdown must not hang
# A peer that vanished without closing the socket (a partition, not a stopped server) is
# noticed after ping_interval * max_outstanding_pings, not nats-py's default 4 minutes.
PING_INTERVAL, MAX_OUTSTANDING_PINGS = 5, 2


class Bus:
    def __init__(self, url: str, *, name: str = "gateway") -> None:
        self.url, self.name = url, name
        self._nc: Client | None = None
        self._up = False  # connected and our subscriptions confirmed
        self._connecting: asyncio.Task[None] | None = None
        self._closing = False
        self._subscriptions: list[tuple[str, Handler]] = []
        self._lost: list[Callable[[], None]] = []

    def subscribe(self, subject: str, handler: Handler) -> None:
        """A core subscription, made at the first connection and kept by nats-py after."""
        if self._nc is not None:
            raise RuntimeError("subscribe before the bus connects")
        self._subscriptions.append((subject, handler))

    def on_lost(self, listener: Callable[[], None]) -> None:
        self._lost.append(listener)

    def start(self) -> None:
        """Begin connecting in the background (again after a permanent close by nats-py)."""
        if self._connecting is None and not self._closing:
            self._connecting = asyncio.create_task(self._connect())

    @property
    def connected(self) -> bool:
        return self._up and self._nc is not None and self._nc.is_connected

    async def wait_connected(self, within: float) -> bool:
        """Whether connected; only the first connection is waited for (`within` seconds):
        a replica that lost NATS answers at once."""
        self.start()
        if self._nc is None and self._connecting is not None:
            await asyncio.wait({self._connecting}, timeout=within)
        return self.connected

    async def ping(self, within: float) -> bool:
        """A PING/PONG round trip `within` seconds: a hung server is not reached either."""
        if not await self.wait_connected(within) or self._nc is None:
            return False
        try:
            await self._nc.flush(timeout=within)  # type: ignore[arg-type]  # float seconds work
        except Exception:
            return False
        return True

    async def _connect(self) -> None:
        delay = 0.2
        while self._nc is None and not self._closing:
            try:
                nc = await nats.connect(
                    self.url, name=self.name, max_reconnect_attempts=1,
                    reconnect_time_wait=0.5, connect_timeout=2, ping_interval=PING_INTERVAL,
                    max_outstanding_pings=MAX_OUTSTANDING_PINGS, error_cb=self._quiet,
                    disconnected_cb=self._disconnected, reconnected_cb=self._reconnected,
                    closed_cb=self._closed)
            except Exception as error:
                keep_cancellation(error)  # a loop closing without close(): no endless retry
                log.debug("bus: nats not reachable yet: %s", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if self._closing:  # closed while this try was in flight
                await _close_quietly(nc)
                return
            nc.options["max_reconnect_attempts"] = -1  # once connected: forever
            self._nc = nc
            await self._confirm(nc)
        self._connecting = None

    async def _confirm(self, nc: Client) -> None:
        try:
            for subject, handler in self._subscriptions:
                await nc.subscribe(subject, cb=handler)
            await nc.flush(timeout=2)
        except Exception as error:  # lost at once: the reconnect replays and confirms
            log.debug("bus: subscriptions not confirmed yet: %s", error)
            return
        self._up = True

    async def _quiet(self, error: Exception) -> None:
        log.debug("bus: nats: %s", error)  # every reconnect attempt: not for the log

    async def _disconnected(self) -> None:
        was_up, self._up = self._up, False
        if self._closing or not was_up:
            return
        log.warning("bus: lost the connection to NATS (%s)", self.url)
        for listener in self._lost:
            listener()

    async def _reconnected(self) -> None:
        # nats-py wrote our subscriptions again and had a PONG before calling this.
        self._up = True
        log.warning("bus: connected to NATS again")

    async def _closed(self) -> None:
        # nats-py gives up for good only on a server error (not on an outage): start over.
        # (It called _disconnected just before, so listeners have heard already.)
        if not self._closing:
            self._nc = None
            self.start()

    async def close(self) -> None:
        self._closing, self._up = True, False
        connecting, self._connecting = self._connecting, None
        if connecting is not None:
            connecting.cancel()  # may be swallowed inside nats-py: the loop sees _closing
            await asyncio.wait({connecting}, timeout=CLOSE_SECONDS)
        nc, self._nc = self._nc, None
        if nc is not None:
            await _close_quietly(nc)


async def _close_quietly(nc: Client) -> None:
    closing = asyncio.ensure_future(nc.close())
    await asyncio.wait({closing}, timeout=CLOSE_SECONDS)
    if closing.done():
        with contextlib.suppress(Exception):
            closing.result()
