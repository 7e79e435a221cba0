"""Which dependencies behind the gateway answer now, for `/readyz` to name what is
missing: the services, and NATS (bus_probe.py).

Each service is asked over gRPC health checking with a short deadline, all at once, on
channels of our own (so a probe never waits behind a user's call); NATS gets a ping on a
connection of our own, at the same time. The answer is kept for a second: a probe every
few seconds costs five tiny calls and a ping, and a burst of probes (or the bench's
`/readyz` baseline) stays about one database round trip.
"""

from __future__ import annotations

import asyncio
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from servicekit.grpcclient import insecure_channel

from gateway.bus_probe import BusProbe

SERVICES = ("leads", "pipeline", "workorders", "incentives", "notifications")
CHECK_SECONDS = 0.5
KEEP_SECONDS = 1.0
SERVING = health_pb2.HealthCheckResponse.SERVING


NATS = "nats"


class Readiness:
    def __init__(self, addrs: dict[str, str], *, nats_url: str) -> None:
        self._addrs = addrs
        self._bus = BusProbe(nats_url, deadline=CHECK_SECONDS)
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
                                       self._bus.state())
        self._states = dict(zip([*names, NATS], answers, strict=True))
        self._until = time.monotonic() + KEEP_SECONDS
        return self._states

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
        await self._bus.close()
        for channel in self._channels.values():
            await channel.close()
        self._channels.clear()
