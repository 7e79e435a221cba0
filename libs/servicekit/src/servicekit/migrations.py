"""Alembic helpers: one schema and one version table per service, no alembic.ini.

A service's `migrations/env.py` is just::

    from servicekit.migrations import run_migrations
    from leads.adapters.orm import metadata

    run_migrations(metadata, schema="leads")

Migrations run online over asyncpg with `search_path` pinned to the schema, so tables
declared without a schema land in it and autogenerate compares only that schema. The
`outbox`/`inbox` tables (servicekit.tables) are part of every target metadata, so
autogenerate never proposes dropping them; a service's first revision creates them with
`create_messaging_tables(op)`. Replicas migrating at once serialize on an advisory lock.

`upgrade_head()` is synchronous (alembic's env.py runs its own event loop); from async
code call it through `asyncio.to_thread`.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import CreateIndex, CreateTable, DropTable

from servicekit.tables import inbox, messaging_metadata, outbox

DEFAULT_DATABASE_URL = "postgresql+asyncpg://salesos@127.0.0.1:55432/salesos"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def alembic_config(migrations_dir: Path, database_url: str, schema: str | None = None) -> Config:
    """The Config an alembic.ini would have given, built in code."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    # Date-prefixed revision files, so the history reads in order in a directory listing.
    cfg.set_main_option("file_template",
                        "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d_%%(slug)s")
    cfg.attributes["schema"] = schema
    return cfg


def upgrade_head(migrations_dir: Path, database_url: str, schema: str) -> None:
    # "heads": parallel branches (features landing side by side) all apply; a merge
    # revision joins them when convenient.
    command.upgrade(alembic_config(migrations_dir, database_url, schema), "heads")


def make_revision(migrations_dir: Path, database_url: str, schema: str, message: str, *,
                  autogenerate: bool = True) -> None:
    cfg = alembic_config(migrations_dir, database_url, schema)
    command.revision(cfg, message=message, autogenerate=autogenerate)


def run_migrations(target_metadata: MetaData | None, schema: str) -> None:
    """The body of every service's `migrations/env.py`."""
    if not _IDENTIFIER.match(schema):
        raise ValueError(f"schema name {schema!r} must be a lower-case identifier")
    config = context.config
    url = (config.get_main_option("sqlalchemy.url")
           or os.environ.get("SALESOS_DATABASE_URL", DEFAULT_DATABASE_URL))
    metadatas = [m for m in (target_metadata, messaging_metadata) if m is not None]
    opts: dict[str, Any] = {
        "target_metadata": metadatas,
        "version_table_schema": schema,
        "include_schemas": True,
        "include_name": lambda name, type_, _parents: type_ != "schema" or name in (None, schema),
    }
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **opts)
        with context.begin_transaction():
            context.execute(f'SET search_path TO "{schema}"')
            context.run_migrations()
        return
    asyncio.run(_run_online(url, schema, opts))


async def _run_online(url: str, schema: str, opts: dict[str, Any]) -> None:
    admin = create_async_engine(url, poolclass=NullPool)
    migrating = create_async_engine(url, poolclass=NullPool, connect_args={
        "server_settings": {"search_path": schema, "timezone": "UTC"}})
    try:
        async with admin.connect() as lock_conn:
            # Session-level lock held on this connection while the other one migrates.
            await lock_conn.execute(text("SELECT pg_advisory_lock(hashtext(:s))"), {"s": schema})
            await lock_conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            await lock_conn.commit()
            # Connect only after the schema exists: the dialect caches the default schema.
            async with migrating.connect() as conn:
                await conn.run_sync(_run_sync, opts)
    finally:
        await migrating.dispose()
        await admin.dispose()


def _run_sync(connection: Connection, opts: dict[str, Any]) -> None:
    context.configure(connection=connection, **opts)
    with context.begin_transaction():
        context.run_migrations()


def create_messaging_tables(op: Any) -> None:
    """Create `outbox` and `inbox` in the schema being migrated (call from a revision)."""
    for table in (outbox, inbox):
        op.execute(CreateTable(table))
        for index in table.indexes:
            op.execute(CreateIndex(index))


def drop_messaging_tables(op: Any) -> None:
    for table in (inbox, outbox):
        op.execute(DropTable(table))
