"""Migration drift: what the migrations built against what the ORM tables declare."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData

from servicekit.db import create_engine
from servicekit.tables import messaging_metadata


async def schema_differences(database_url: str, schema: str, metadata: MetaData) -> list[Any]:
    """Alembic's autogenerate diff of `schema` against `metadata` (plus outbox/inbox);
    empty when the migrations and the code agree."""
    engine = create_engine(database_url, schema, pool_size=1)

    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={
            "include_name": lambda name, type_, _p: type_ != "schema" or name is None,
        })
        return list(compare_metadata(context, [metadata, messaging_metadata]))

    try:
        async with engine.connect() as connection:
            changes = await connection.run_sync(diff)
    finally:
        await engine.dispose()
    return [c for c in changes if "alembic_version" not in str(c)]
