"""The migrated leads schema is exactly what the ORM tables declare."""

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from leads.adapters import imports_orm  # noqa: F401  (registers the import tables)
from leads.adapters.orm import metadata
from servicekit.db import create_engine
from servicekit.tables import messaging_metadata

pytestmark = pytest.mark.integration


async def test_migrated_schema_matches_the_orm_tables(infra: Any) -> None:
    engine = create_engine(infra.database_url, "leads", pool_size=1)

    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={
            "include_name": lambda name, type_, _p: type_ != "schema" or name is None,
        })
        return compare_metadata(context, [metadata, messaging_metadata])  # type: ignore[arg-type]

    try:
        async with engine.connect() as connection:
            changes = await connection.run_sync(diff)
    finally:
        await engine.dispose()
    assert [c for c in changes if "alembic_version" not in str(c)] == []
