"""Whether this gateway replica reaches NATS, for `/readyz` to name it when it does not.

The gateway publishes nothing, yet without NATS events stop flowing: the services keep
them in their outboxes, inboxes and scores go stale, live pushes stop. Reads still work,
so NATS down must not fail readiness (that would take every replica out of the Service);
`/readyz` names it among the missing instead, as it names a service that is down.

The services' gRPC health says nothing about their NATS connection, so the gateway keeps
one connection of its own for this (made on the first probe, then nats-py reconnects
forever). A check is a PING/PONG round trip within the probe's deadline: a hung server
reads as missing too, not only a closed socket. Losing and regaining the connection is
logged once each, not at every reconnect attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import nats
from nats.aio.client import Client

log = logging.getLogger(__name__)


class BusProbe:
    def __init__(self, url: str, *, deadline: float) -> None:
        self.url, self.deadline = url, deadline
        self._nc: Client | None = None
        self._connecting: asyncio.Task[None] | None = None
        self._closing = False

    async def state(self) -> str:
        """"ok" when NATS answers a ping within the deadline, else "unavailable"."""
        if self._connecting is None:
            self._connecting = asyncio.create_task(self._connect())
        if self._nc is None:  # the first connection gets the probe's deadline
            await asyncio.wait({self._connecting}, timeout=self.deadline)
        nc = self._nc
        if nc is None or not nc.is_connected:
            return "unavailable"
        try:
            await nc.flush(timeout=self.deadline)  # type: ignore[arg-type]  # float seconds work
        except Exception:
            return "unavailable"
        return "ok"

    async def _connect(self) -> None:
        delay = 0.2
        # The first connection is retried here, not inside nats-py: with unlimited
        # attempts its connect() never returns while NATS is away, and on Python 3.11 a
        # cancel landing in its wait_for can be swallowed (bpo-42130), so close() hung.
        # Here each try ends after two attempts and the loop sees _closing.
        while self._nc is None and not self._closing:
            try:
                nc = await nats.connect(
                    self.url, name="gateway-readiness", max_reconnect_attempts=1,
                    reconnect_time_wait=0.5, connect_timeout=2, allow_reconnect=True,
                    error_cb=self._quiet, disconnected_cb=self._lost,
                    reconnected_cb=self._back)
                nc.options["max_reconnect_attempts"] = -1  # once connected: forever
                self._nc = nc
            except Exception as error:
                log.debug("readiness: nats not reachable yet: %s", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _quiet(self, error: Exception) -> None:
        log.debug("readiness: nats: %s", error)  # every reconnect attempt: not for the log

    async def _lost(self) -> None:
        if not self._closing:
            log.warning("readiness: lost the connection to NATS (%s)", self.url)

    async def _back(self) -> None:
        log.warning("readiness: connected to NATS again")

    async def close(self) -> None:
        self._closing = True
        if self._connecting is not None:
            self._connecting.cancel()
            await asyncio.gather(self._connecting, return_exceptions=True)
            self._connecting = None
        if self._nc is not None and not self._nc.is_closed:
            with contextlib.suppress(Exception):
                await self._nc.close()
        self._nc = None
