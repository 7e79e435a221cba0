"""Throwaway schemas, dropped afterwards: one created with the tables of the given
metadata (tests of the shared mechanisms), or one a service's migrations bring up to a
revision (tests that a migration carries the data of before along)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncEngine

from servicekit.db import create_engine
from servicekit.migrations import alembic_config


@asynccontextmanager
async def scratch_schema(database_url: str, prefix: str, *metadata: MetaData,
                         pool_size: int = 2) -> AsyncIterator[tuple[str, AsyncEngine]]:
    """(schema name, an engine whose connections use it)."""
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(database_url, schema, pool_size=pool_size)
    async with engine.begin() as conn:
        await conn.execute(text(f"CREATE SCHEMA {schema}"))
        for md in metadata:
            await conn.run_sync(md.create_all)
    try:
        yield schema, engine
    finally:
        async with engine.begin() as conn:
            await conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        await engine.dispose()


@dataclass(frozen=True)
class MigratedSchema:
    schema: str
    engine: AsyncEngine  # its connections use the schema
    config: Config

    async def upgrade(self, revision: str = "heads") -> None:
        """The migrations up to `revision`, in a worker thread: alembic's env.py runs its
        own event loop."""
        await asyncio.to_thread(command.upgrade, self.config, revision)


@asynccontextmanager
async def migrated_schema(migrations: Path, database_url: str, prefix: str,
                          revision: str) -> AsyncIterator[MigratedSchema]:
    """A schema brought up to `revision`: the test writes the rows of before through
    `engine`, then `upgrade()`s to the migration under test and reads what it made."""
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    migrated = MigratedSchema(schema, create_engine(database_url, schema, pool_size=1),
                              alembic_config(migrations, database_url, schema))
    try:
        await migrated.upgrade(revision)
        yield migrated
    finally:
        async with migrated.engine.begin() as conn:
            await conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        await migrated.engine.dispose()
