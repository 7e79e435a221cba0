"""The intake key cache and the shared rate limits (intake sources, public token pages), on
the real database: two limiters on one database stand for two gateway replicas."""

import hashlib
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from gateway.adapters.intake_guard import count_hits
from gateway.adapters.orm import ApiKey
from gateway.intake_keys import SourceCache
from gateway.main import create_app
from gateway.ratelimit import RateLimiter, window_start
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
    a, b = (RateLimiter(gateway_sessions, sync_seconds=0) for _ in range(2))
    assert await a.hit(source_id, now=now) == 1  # a window's first hit waits for its sync
    assert await b.hit(source_id, now=now) == 2  # ... and so learns the other's hits
    # Later syncs run in the background: a request is answered from the last sync plus
    # its replica's own hits, never waiting on the database.
    assert await a.hit(source_id, now=now) == 2
    await a.flush()
    assert await a.hit(source_id, now=now) == 4  # b's hit arrived with that sync
    await a.flush()
    lazy = RateLimiter(gateway_sessions, sync_seconds=60)
    assert await lazy.hit(source_id, now=now) == 5
    assert await lazy.hit(source_id, now=now) == 6  # its own hits count at once
    assert await b.hit(source_id, now=now) == 3  # as of its own last sync, plus this hit
    await b.flush()
    assert await b.hit(source_id, now=now) == 7  # all but lazy's 2nd hit, not yet synced
    await b.flush()


async def test_a_failed_background_sync_keeps_its_hits_and_answers_anyway(
        gateway_sessions, seeded) -> None:
    source_id = await _source_id(gateway_sessions, seeded["intake_api_key"])
    now, failing = datetime.now(UTC), True

    async def count(session: Any, key: Any, start: Any, hits: int) -> int:
        if failing:
            raise ConnectionError("database is down")
        return await count_hits(session, source_id=key, window_start=start, hits=hits)

    limiter = RateLimiter(gateway_sessions, sync_seconds=0, count=count)
    failing = False
    assert await limiter.hit(source_id, now=now) == 1
    failing = True
    assert [await limiter.hit(source_id, now=now) for _ in range(3)] == [2, 3, 4]
    await limiter.flush()  # the background sync failed: no request saw the error
    failing = False
    assert await limiter.hit(source_id, now=now) == 5
    await limiter.flush()
    async with gateway_sessions() as session:  # every hit reached the shared row
        assert await count_hits(session, source_id=source_id, window_start=window_start(now),
                                hits=0) == 5


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
