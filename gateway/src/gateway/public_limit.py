"""The limit on the public token pages: `/sign/{token}` and `/surveys/{token}` (API and
HTML) need no login, so a caller address may ask them only so often per minute
(SALESOS_PUBLIC_RATE_PER_MINUTE). Each link also refuses after a few wrong codes; this
limit keeps one address from trying many links. Over it: 429 with Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request

from gateway.problems import Problem
from gateway.ratelimit import retry_after


async def public_rate_limited(request: Request) -> None:
    limiter = request.app.state.public_limiter
    allowed = request.app.state.settings.public_rate_per_minute
    address = request.client.host if request.client else "unknown"
    now = datetime.now(UTC)
    if await limiter.hit(f"ip:{address}", now=now) > allowed:
        raise Problem(429, "rate_limited", detail=f"请求过于频繁：每分钟最多 {allowed} 次",
                      headers={"Retry-After": str(retry_after(now))})
