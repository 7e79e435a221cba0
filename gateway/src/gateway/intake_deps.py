"""Dependencies of the public intake routes: the key's source, rate limited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends

from gateway import ratelimit
from gateway.adapters.orm import IntakeSource
from gateway.deps import IntakeSourceByKey, Session, Settings


async def _rate_limited_source(source: IntakeSourceByKey, session: Session,
                               settings: Settings) -> IntakeSource:
    await ratelimit.enforce(session, source=source, default_limit=settings.intake_rate_per_minute,
                            now=datetime.now(UTC))
    return source


RateLimitedSource = Annotated[IntakeSource, Depends(_rate_limited_source)]
