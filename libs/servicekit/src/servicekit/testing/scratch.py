"""A throwaway schema for tests of the shared mechanisms: created with the tables of the
given metadata, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncEngine

from servicekit.db import create_engine


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
