"""The tables the code declares are the tables the migrations build."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from leads.adapters import assignment_orm  # noqa: F401  (registers its tables)
from leads.adapters.orm import metadata
from servicekit.tables import messaging_metadata
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration


async def test_migrations_build_the_declared_tables(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    def differences(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={
            "include_name": lambda name, type_, _p: type_ != "schema" or name is None,
        })
        return list(compare_metadata(context, [metadata, messaging_metadata]))

    async with sessions() as session:
        connection = await session.connection()
        changes = await connection.run_sync(differences)
    assert [c for c in changes if "alembic_version" not in str(c)] == []
