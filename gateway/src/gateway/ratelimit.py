"""Per-source rate limit of the public intake endpoints.

A fixed one-minute window per source, counted in `intake_rate_windows` (PostgreSQL), so
every gateway replica shares one allowance and a restart forgets nothing. The `limits`
library was considered: its storages are memory, Redis, Memcached, MongoDB — memory alone
would give each replica its own allowance and we run no Redis.

Each replica counts its own requests in memory and adds them to the shared row in one
upsert at most every `sync_seconds`, rather than one upsert per request: that upsert was a
database round trip and a hot row lock on every intake. The first request of a window
waits for its sync (so a replica starts each minute knowing the others' hits); later
syncs run in the background, so no request waits on the database for its count — under
load the one that did was a form's slowest 1 %. A background sync that fails is logged
and retried an interval later (its hits are kept); the next window's first sync fails
its request as before. The decision is "shared total as last synced + this replica's
hits since"; one replica is therefore exact, and N replicas can together let through at
most about (N − 1) × rate × sync_seconds more than the limit before each sees the
others' hits.
A fixed window can also let up to twice the limit through around a minute boundary. For
protecting intake from a runaway form or a leaked key both are good enough.
Over the limit: 429 problem+json with Retry-After (the seconds until the window ends).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.adapters import intake_guard
from gateway.problems import Problem

log = logging.getLogger(__name__)
WINDOW = timedelta(minutes=1)


def window_start(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def retry_after(now: datetime) -> int:
    """Whole seconds until the current window ends, at least 1."""
    remaining = (window_start(now) + WINDOW - now).total_seconds()
    return max(1, math.ceil(remaining))


@dataclass
class _Window:
    start: datetime
    shared: int = 0       # the window's total in PostgreSQL when last synced (all replicas)
    in_flight: int = 0    # this replica's hits being added there right now
    pending: int = 0      # this replica's hits not yet sent
    synced_at: float = -math.inf
    known: bool = False   # `shared` has been read from PostgreSQL in this window

    @property
    def total(self) -> int:
        return self.shared + self.in_flight + self.pending


# Adds hits to a key's shared window and answers its total: (session, key, start, hits).
Counter = Callable[[AsyncSession, Hashable, datetime, int], Awaitable[int]]


async def _count_source(session: AsyncSession, key: Hashable, start: datetime,
                        hits: int) -> int:
    return await intake_guard.count_hits(session, source_id=key, window_start=start,
                                         hits=hits)  # type: ignore[arg-type]


class RateLimiter:
    """One per gateway process and kind of key (an intake source; a caller's address on
    the public token pages); see the module docstring for what it guarantees."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *,
                 sync_seconds: float, count: Counter = _count_source) -> None:
        self._sessions = sessions
        self._sync_seconds = sync_seconds
        self._count = count
        self._windows: dict[Hashable, _Window] = {}
        self._syncing: set[asyncio.Task[None]] = set()

    async def hit(self, source_id: Hashable, *, now: datetime) -> int:
        """Counts one request; the window's total so far as this replica knows it."""
        start = window_start(now)
        window = self._windows.get(source_id)
        if window is None or window.start != start:
            window = self._windows[source_id] = _Window(start)
        window.pending += 1
        if window.in_flight == 0 and time.monotonic() - window.synced_at >= self._sync_seconds:
            # Requests arriving during the sync keep counting in `pending`.
            window.in_flight, window.pending = window.pending, 0
            window.synced_at = time.monotonic()
            if not window.known:
                await self._send(source_id, window)
            else:
                task = asyncio.create_task(self._send_quietly(source_id, window))
                self._syncing.add(task)
                task.add_done_callback(self._syncing.discard)
        return window.total

    def seen(self, key: Hashable, *, now: datetime) -> int:
        """The window's total so far as this replica knows it, without counting a hit."""
        window = self._windows.get(key)
        return window.total if window is not None and window.start == window_start(now) else 0

    async def flush(self) -> None:
        """Waits for the background syncs under way (at shutdown, so their hits are kept)."""
        while self._syncing:
            await asyncio.gather(*self._syncing, return_exceptions=True)

    async def _send_quietly(self, source_id: Hashable, window: _Window) -> None:
        try:
            await self._send(source_id, window)
        except Exception as error:  # the hits stay pending: sent with the next sync
            log.warning("rate limit: shared count not updated: %s: %s",
                        type(error).__name__, error)

    async def _send(self, source_id: Hashable, window: _Window) -> None:
        try:
            async with self._sessions() as session:
                window.shared = await self._count(session, source_id, window.start,
                                                  window.in_flight)
            window.known = True
        except BaseException:
            window.pending += window.in_flight  # not added there: try again
            # A window's first sync is retried by the next request, a later one after
            # an interval (a database that is down is not asked on every request).
            window.synced_at = time.monotonic() if window.known else -math.inf
            raise
        finally:
            window.in_flight = 0


async def enforce(limiter: RateLimiter, *, source_id: Hashable, source_name: str,
                  limit: int | None, default_limit: int, now: datetime) -> None:
    allowed = limit or default_limit
    if await limiter.hit(source_id, now=now) > allowed:
        raise Problem(429, "rate_limited", detail=f"来源 {source_name} 每分钟最多 {allowed} 次请求",
                      headers={"Retry-After": str(retry_after(now))})
