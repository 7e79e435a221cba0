"""The key's source, rate limited: a dependency of the public intake routes, and the same
for their lean path (lane.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import State

from gateway import ratelimit
from gateway.deps import IntakeSourceByKey
from gateway.intake_keys import SourceRef
from gateway.lane import Call, Fallback


async def admit(state: State, source: SourceRef) -> None:
    """Counts the request against its source's limit; 429 problem when over it."""
    await ratelimit.enforce(state.rate_limiter, source_id=source.id, source_name=source.name,
                            limit=source.rate_limit_per_minute,
                            default_limit=state.settings.intake_rate_per_minute,
                            now=datetime.now(UTC))


async def _rate_limited_source(source: IntakeSourceByKey, request: Request) -> SourceRef:
    await admit(request.app.state, source)
    return source


RateLimitedSource = Annotated[SourceRef, Depends(_rate_limited_source)]


async def lean_source(call: Call) -> SourceRef:
    """`RateLimitedSource` on the lean path: no or an unknown key falls back (→ 401)."""
    api_key = call.header(b"x-api-key")
    if not api_key:
        raise Fallback
    source: SourceRef | None = await call.state.source_cache.source_for(api_key)
    if source is None:
        raise Fallback
    await admit(call.state, source)
    return source
