"""Which intake source an `X-Api-Key` belongs to, remembered for a few seconds.

Every web form used to look its key up in PostgreSQL: a round trip (and an ORM load) on
the hottest path for an answer that changes a few times a year. A found key is now kept
for `ttl` seconds (SALESOS_INTAKE_KEY_CACHE_SECONDS, 5): a key revoked, or a source
deactivated or given a new rate limit, takes effect on every replica within that time.
Unknown keys are not remembered, so a key created a moment ago works at once, and a wrong
key costs what it always did. Requests arriving while a key is being looked up wait for
that one lookup rather than each making its own: when the entry expires under load, the
forms in flight (16 at the bench's concurrency) cost one query, not sixteen.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.adapters import repository

_MAX_ENTRIES = 10_000  # a bound, so a flood of distinct valid keys cannot grow it forever


@dataclass(frozen=True)
class SourceRef:
    """What intake needs of a source, detached from any session."""

    id: uuid.UUID
    name: str
    rate_limit_per_minute: int | None
    category: str = ""  # the directory's kind of source; "": read from the name


class SourceCache:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, ttl: float) -> None:
        self._sessions = sessions
        self._ttl = ttl
        self._found: dict[str, tuple[float, SourceRef]] = {}
        self._looking: dict[str, asyncio.Task[SourceRef | None]] = {}

    async def source_for(self, api_key: str) -> SourceRef | None:
        # Remembered by the key itself: hashing it on every form cost more than the lookup
        # of the answer. The process holds the key in each request's headers anyway.
        cached = self._found.get(api_key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        lookup = self._looking.get(api_key)
        if lookup is None:
            lookup = self._looking[api_key] = asyncio.ensure_future(self._lookup(api_key))
            lookup.add_done_callback(lambda _: self._looking.pop(api_key, None))
        # Shielded: one waiter going away (a client disconnect) must not cancel the others'.
        return await asyncio.shield(lookup)

    async def _lookup(self, api_key: str) -> SourceRef | None:
        digest = hashlib.sha256(api_key.encode()).hexdigest()
        async with self._sessions() as session:
            source = await repository.source_for_key(session, key_sha256=digest)
        if source is None:
            self._found.pop(api_key, None)
            return None
        ref = SourceRef(source.id, source.name, source.rate_limit_per_minute, source.category)
        if self._ttl > 0:
            if len(self._found) >= _MAX_ENTRIES:
                self._found.clear()
            self._found[api_key] = (time.monotonic() + self._ttl, ref)
        return ref
