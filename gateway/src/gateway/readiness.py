"""Which dependencies behind the gateway answer now, for `/readyz` to name what is
missing: the services, and NATS.

Each service is asked over gRPC health checking with a short deadline, all at once, on
channels of our own (so a probe never waits behind a user's call); NATS gets a ping on
the replica's connection (bus.py), at the same time.

The gateway publishes nothing, yet without NATS events stop flowing: the services keep
them in their outboxes, inboxes and scores go stale, live pushes stop. Reads still work,
so NATS down must not fail readiness (that would take every replica out of the Service);
`/readyz` names it among the missing instead, as it names a service that is down. The
services' gRPC health says nothing about their NATS connection, hence the gateway's own
ping: a PING/PONG within the deadline, so a hung server reads as missing too.

The answer is kept for a second: a probe every
few seconds costs five tiny calls and a ping, and a burst of probes (or the bench's
`/readyz` baseline) stays about one database round trip.
"""

from __future__ import annotations

import asyncio
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from servicekit.grpcclient import insecure_channel

from gateway.bus import Bus

SERVICES = ("leads", "pipeline", "workorders", "incentives", "notifications")
CHECK_SECONDS = 0.5
KEEP_SECONDS = 1.0
SERVING = health_pb2.HealthCheckResponse.SERVING


NATS = "nats"


class Readiness:
    def __init__(self, addrs: dict[str, str], *, bus: Bus) -> None:
        self._addrs = addrs
        self._bus = bus
        self._channels: dict[str, grpc.aio.Channel] = {}
        self._states: dict[str, str] = {}
        self._until = 0.0
        self._checking: asyncio.Task[dict[str, str]] | None = None

    async def states(self) -> dict[str, str]:
        """Service name (and "nats") -> "ok" or "unavailable" (down, stalled, or not
        serving)."""
        if time.monotonic() < self._until:
            return self._states
        if self._checking is None:  # concurrent probes share one round of checks
            self._checking = asyncio.create_task(self._check_all())
        checking = self._checking
        try:
            return await asyncio.shield(checking)
        finally:
            if self._checking is checking and checking.done():
                self._checking = None

    async def _check_all(self) -> dict[str, str]:
        names = list(self._addrs)
        answers = await asyncio.gather(*(self._check(name) for name in names),
                                       self._nats())
        self._states = dict(zip([*names, NATS], answers, strict=True))
        self._until = time.monotonic() + KEEP_SECONDS
        return self._states

    async def _nats(self) -> str:
        return "ok" if await self._bus.ping(CHECK_SECONDS) else "unavailable"

    async def _check(self, name: str) -> str:
        if name not in self._channels:
            self._channels[name] = insecure_channel(self._addrs[name])
        stub = health_pb2_grpc.HealthStub(self._channels[name])
        try:
            reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=CHECK_SECONDS)
        except grpc.aio.AioRpcError:
            return "unavailable"
        return "ok" if reply.status == SERVING else "unavailable"

    async def close(self) -> None:
        """The channels; the bus belongs to the app (closed after this in its lifespan)."""
        for channel in self._channels.values():
            await channel.close()
        self._channels.clear()
