"""The key's source, rate limited: a dependency of the public intake routes, and the same
for their lean path (lane.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel
from starlette.datastructures import State

from gateway import ratelimit
from gateway.clients import Clients
from gateway.deps import IntakeSourceByKey
from gateway.intake_keys import SourceRef
from gateway.lane import Call, Fallback, Handler
from gateway.schemas import IntakeAccepted

M = TypeVar("M", bound=BaseModel)


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


Accept = Callable[[Clients, SourceRef, M, str | None], Awaitable[IntakeAccepted]]


def lean_keyed(model: type[M], accept: Accept[M]) -> Handler:
    """The lean handler of a route that takes `model` with a source's API key: the body
    and idempotency key are checked (falling back) before the key's rate limit counts,
    then the route's own `accept` answers 202."""
    async def handle(call: Call) -> tuple[int, IntakeAccepted]:
        body = call.json(model)
        idempotency_key = call.idempotency_key()
        source = await lean_source(call)
        return 202, await accept(call.state.clients, source, body, idempotency_key)

    return handle
