"""NATS JetStream connection and streams.

The connection retries forever in the background: a service whose NATS is down still
serves gRPC and keeps events in its outbox; the relay and consumers resume when the
connection comes back.
"""

from __future__ import annotations

import asyncio
import logging

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import BadRequestError

from servicekit.logs import Throttled

log = logging.getLogger(__name__)
# nats-py reports every failed reconnect (each 0.5 s while NATS is down) to error_cb.
ERROR_LOG_EVERY_SECONDS = 30.0

STREAMS = {
    "LEADS": "leads.>",
    "PIPELINE": "pipeline.>",
    "WORKORDERS": "workorders.>",
    "INCENTIVES": "incentives.>",
    "NOTIFICATIONS": "notifications.>",
    "DEADLETTER": "deadletter.>",
}
DEDUPE_WINDOW_SECONDS = 2 * 3600.0
# Domain streams keep everything (scores are recomputed by replaying them). NOTIFICATIONS
# only carries live-stream pokes whose truth is the inbox table, so it is not kept long.
MAX_AGE_SECONDS = {"NOTIFICATIONS": 24 * 3600.0}


def keep_cancellation(error: BaseException) -> None:
    """Re-raises a cancellation nats-py turned into another error. nats-py swallows a
    CancelledError in places (its flush, during connect) and fails with something else: a
    retry loop catching Exception then goes on forever under a cancelled task, and an
    event loop closing (a process stopping without a clean close) never finishes."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError from error


class Bus:
    """One NATS connection per process, shared by the relay and all consumers."""

    def __init__(self, url: str, *, name: str, replicas: int = 1) -> None:
        self.url = url
        self.name = name
        self.replicas = replicas
        self.ready = asyncio.Event()
        self.nc: Client | None = None
        self.js: JetStreamContext | None = None
        self._errors = Throttled(log, ERROR_LOG_EVERY_SECONDS)

    async def connect(self, stop: asyncio.Event) -> None:
        delay = 0.2
        while not stop.is_set():
            try:
                self.nc = await nats.connect(
                    self.url, name=self.name, max_reconnect_attempts=-1,
                    reconnect_time_wait=0.5, connect_timeout=2, allow_reconnect=True,
                    error_cb=self._on_error,
                )
                self.js = self.nc.jetstream(timeout=5)
                await ensure_streams(self.js, replicas=self.replicas)
                self.ready.set()
                return
            except Exception as error:
                keep_cancellation(error)
                log.warning("nats not reachable yet: %s", error)
                await _close_quietly(self.nc)
                self.nc = None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _on_error(self, error: Exception) -> None:
        self._errors.warning(f"nats: {error}")

    async def close(self) -> None:
        if self.nc is not None and not self.nc.is_closed:
            try:
                await asyncio.wait_for(self.nc.drain(), timeout=2)
            except Exception:
                await _close_quietly(self.nc)


async def ensure_streams(js: JetStreamContext, *, replicas: int = 1) -> None:
    for name, subject in STREAMS.items():
        config = StreamConfig(name=name, subjects=[subject], storage=StorageType.FILE,
                              num_replicas=replicas, duplicate_window=DEDUPE_WINDOW_SECONDS,
                              max_age=MAX_AGE_SECONDS.get(name))
        try:
            await js.add_stream(config)
        except BadRequestError:  # exists with other settings: bring it to ours
            await js.update_stream(config)


async def _close_quietly(nc: Client | None) -> None:
    if nc is not None and not nc.is_closed:
        try:
            await nc.close()
        except Exception:
            pass
