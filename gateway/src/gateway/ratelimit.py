"""Per-source rate limit of the public intake endpoints.

A fixed one-minute window counted in PostgreSQL (adapters/intake_guard.py). The `limits`
library was considered: its storages are memory, Redis, Memcached, MongoDB — memory would
give each gateway replica its own allowance and we run no Redis; one upsert on a row per
source and minute is cheap and shared by every replica. A fixed window can let up to twice
the limit through around a minute boundary; for protecting intake from a runaway form or
a leaked key that is good enough. Over the limit: 429 problem+json with Retry-After (the
seconds until the window ends).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters import intake_guard
from gateway.adapters.orm import IntakeSource
from gateway.problems import Problem

WINDOW = timedelta(minutes=1)


def window_start(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def retry_after(now: datetime) -> int:
    """Whole seconds until the current window ends, at least 1."""
    remaining = (window_start(now) + WINDOW - now).total_seconds()
    return max(1, math.ceil(remaining))


async def enforce(session: AsyncSession, *, source: IntakeSource, default_limit: int,
                  now: datetime) -> None:
    limit = source.rate_limit_per_minute or default_limit
    hits = await intake_guard.count_hit(session, source_id=source.id,
                                        window_start=window_start(now))
    if hits > limit:
        raise Problem(429, "rate_limited", detail=f"来源 {source.name} 每分钟最多 {limit} 次请求",
                      headers={"Retry-After": str(retry_after(now))})
