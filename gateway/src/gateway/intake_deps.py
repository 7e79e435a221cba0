"""Dependencies of the public intake routes: the key's source, rate limited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request

from gateway import ratelimit
from gateway.deps import IntakeSourceByKey, Settings
from gateway.intake_keys import SourceRef


async def _rate_limited_source(source: IntakeSourceByKey, request: Request,
                               settings: Settings) -> SourceRef:
    await ratelimit.enforce(request.app.state.rate_limiter, source_id=source.id,
                            source_name=source.name, limit=source.rate_limit_per_minute,
                            default_limit=settings.intake_rate_per_minute, now=datetime.now(UTC))
    return source


RateLimitedSource = Annotated[SourceRef, Depends(_rate_limited_source)]
