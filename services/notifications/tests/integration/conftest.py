"""The notifications schema migrated into the test run's PostgreSQL (the `infra` fixture)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from servicekit.db import create_engine, session_factory
from servicekit.migrations import upgrade_head
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@pytest.fixture(scope="session")
async def notifications_db(infra: Any) -> str:
    await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, "notifications")
    return str(infra.database_url)


@pytest.fixture(scope="session")
async def sessions(notifications_db: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(notifications_db, "notifications", pool_size=2)
    yield session_factory(engine)
    await engine.dispose()
