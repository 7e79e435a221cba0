"""The tables the code declares are the tables the migrations build."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from notifications.adapters.orm import metadata
from servicekit.db import create_engine
from servicekit.tables import messaging_metadata
from sqlalchemy.engine import Connection

pytestmark = pytest.mark.integration


async def test_migrations_match_the_declared_tables(notifications_db: str) -> None:
    engine = create_engine(notifications_db, "notifications", pool_size=1)

    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection)
        return list(compare_metadata(context, [metadata, messaging_metadata]))

    try:
        async with engine.connect() as conn:
            assert await conn.run_sync(differences) == []
    finally:
        await engine.dispose()
