"""Web forms that arrive together while their key's cache entry is missing or expired cost
one lookup between them, not one each."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest
from gateway.adapters import repository
from gateway.intake_keys import SourceCache


@contextlib.asynccontextmanager
async def _no_session() -> AsyncIterator[None]:
    yield None


async def test_forms_arriving_during_a_lookup_share_it(monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []

    async def source_for_key(session: Any, *, key_sha256: str) -> Any:
        looked_up.append(key_sha256)
        await asyncio.sleep(0.01)
        return SimpleNamespace(id=uuid.uuid4(), name="web_form", rate_limit_per_minute=None,
                               category="")

    monkeypatch.setattr(repository, "source_for_key", source_for_key)
    cache = SourceCache(_no_session, ttl=5)  # type: ignore[arg-type]
    sources = await asyncio.gather(*(cache.source_for("sk_live") for _ in range(16)))
    assert len(looked_up) == 1 and len({s.id for s in sources}) == 1
    assert await cache.source_for("sk_live") == sources[0]  # remembered: no second lookup
    assert len(looked_up) == 1
