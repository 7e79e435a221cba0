"""The intake key cache and the shared rate limits (intake sources, public token pages), on
the real database: two limiters on one database stand for two gateway replicas."""

import hashlib
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from gateway.adapters.orm import ApiKey
from gateway.intake_keys import SourceCache
from gateway.main import create_app
from gateway.ratelimit import RateLimiter
from sqlalchemy import func, update

pytestmark = pytest.mark.integration


async def _source_id(sessions: Any, key: str) -> Any:
    source = await SourceCache(sessions, ttl=0).source_for(key)
    assert source is not None
    return source.id


async def test_one_replica_counts_every_request_exactly(gateway_sessions, seeded) -> None:
    source_id = await _source_id(gateway_sessions, seeded["intake_api_key"])
    limiter, now = RateLimiter(gateway_sessions, sync_seconds=60), datetime.now(UTC)
    assert [await limiter.hit(source_id, now=now) for _ in range(5)] == [1, 2, 3, 4, 5]


async def test_replicas_share_one_allowance_as_of_each_others_last_sync(
        gateway_sessions, seeded) -> None:
    source_id = await _source_id(gateway_sessions, seeded["intake_api_key"])
    now = datetime.now(UTC)
    every_hit = [RateLimiter(gateway_sessions, sync_seconds=0) for _ in range(2)]
    assert [await every_hit[i % 2].hit(source_id, now=now) for i in range(4)] == [1, 2, 3, 4]
    # A replica that synced a while ago still adds its own hits at once: the other
    # replica's view lags by at most one sync interval.
    lazy = RateLimiter(gateway_sessions, sync_seconds=60)
    assert await lazy.hit(source_id, now=now) == 5  # first hit of its window: synced
    assert await lazy.hit(source_id, now=now) == 6
    assert await every_hit[0].hit(source_id, now=now) == 6  # lazy's 2nd hit is not there yet


async def test_a_new_minute_starts_a_new_count(gateway_sessions, seeded) -> None:
    source_id = await _source_id(gateway_sessions, seeded["intake_api_key"])
    limiter = RateLimiter(gateway_sessions, sync_seconds=60)
    await limiter.hit(source_id, now=datetime(2026, 3, 3, 9, 15, 59, tzinfo=UTC))
    assert await limiter.hit(source_id, now=datetime(2026, 3, 3, 9, 16, 0, tzinfo=UTC)) == 1


async def test_a_revoked_key_works_until_the_cache_forgets_it(gateway_sessions, seeded) -> None:
    key = seeded["intake_api_key"]
    cached, uncached = SourceCache(gateway_sessions, ttl=60), SourceCache(gateway_sessions, ttl=0)
    assert await cached.source_for(key) is not None
    async with gateway_sessions() as session:
        await session.execute(update(ApiKey).values(revoked_at=func.now()))
        await session.commit()
    assert await cached.source_for(key) is not None  # the documented revocation delay
    assert await uncached.source_for(key) is None


async def test_a_key_created_after_a_miss_works_at_once(gateway_sessions, seeded) -> None:
    cache = SourceCache(gateway_sessions, ttl=60)
    assert await cache.source_for("sk_brand_new") is None
    source_id = await _source_id(gateway_sessions, seeded["intake_api_key"])
    async with gateway_sessions() as session:
        session.add(ApiKey(source_id=source_id,
                           key_sha256=hashlib.sha256(b"sk_brand_new").hexdigest()))
        await session.commit()
    assert await cache.source_for("sk_brand_new") is not None


async def test_one_address_may_open_public_token_pages_only_so_often(
        settings, gateway_sessions, seeded) -> None:
    """The signing link and the survey need no login: past the per-address limit a caller
    gets 429 with Retry-After before any token is looked at."""
    app = create_app(settings.model_copy(update={"public_rate_per_minute": 3}),
                     sessions=gateway_sessions)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as api:
        pages = ["/api/v1/sign/tok-1", "/api/v1/surveys/tok-2", "/sign/tok-3"]
        answers = [await api.get(page) for page in pages]
        assert all(a.status_code != 429 for a in answers)
        refused = await api.post("/api/v1/surveys/tok-4", json={"score": 5})
    await app.state.clients.close()
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert int(refused.headers["Retry-After"]) >= 1
