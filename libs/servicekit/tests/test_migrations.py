"""Alembic helpers: each service migrates only its own schema, with its own version table."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from textwrap import dedent

import asyncpg
import pytest
from servicekit.devstack import Infra
from servicekit.migrations import upgrade_head
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

pytestmark = pytest.mark.integration

ENV_PY = """
from sqlalchemy import Column, MetaData, Table, Text
from servicekit.migrations import run_migrations

metadata = MetaData()
Table("widget", metadata, Column("name", Text, primary_key=True))
run_migrations(metadata, schema="{schema}")
"""

REVISION = """
import sqlalchemy as sa
from alembic import op
from servicekit.migrations import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("widget", sa.Column("name", sa.Text, primary_key=True))
    create_messaging_tables(op)


def downgrade():
    drop_messaging_tables(op)
    op.drop_table("widget")
"""


def _migrations(root: Path, schema: str) -> Path:
    (root / "versions").mkdir(parents=True)
    (root / "env.py").write_text(dedent(ENV_PY).format(schema=schema))
    (root / "versions" / "0001_widget.py").write_text(dedent(REVISION))
    return root


async def _tables(infra: Infra, schema: str) -> set[str]:
    conn = await asyncpg.connect(infra.database_url.replace("+asyncpg", ""))
    try:
        rows = await conn.fetch("SELECT table_name FROM information_schema.tables "
                                "WHERE table_schema = $1", schema)
        return {r["table_name"] for r in rows}
    finally:
        await conn.close()


async def test_upgrade_creates_tables_and_version_table_in_the_services_schema(
    infra: Infra, tmp_path: Path
) -> None:
    migrations = _migrations(tmp_path / "migrations", "mig_demo")
    await asyncio.to_thread(upgrade_head, migrations, infra.database_url, "mig_demo")
    # Second run (every `make run`): nothing to do, nothing fails.
    await asyncio.to_thread(upgrade_head, migrations, infra.database_url, "mig_demo")

    assert await _tables(infra, "mig_demo") == {"widget", "outbox", "inbox", "alembic_version"}
    assert "widget" not in await _tables(infra, "public")


async def test_rolled_back_session_leaves_nothing_behind(
    infra: Infra, tmp_path: Path, db_session: Callable[[str], Awaitable[AsyncSession]]
) -> None:
    migrations = _migrations(tmp_path / "m", "mig_iso")
    await asyncio.to_thread(upgrade_head, migrations, infra.database_url, "mig_iso")
    session = await db_session("mig_iso")
    await session.execute(text("INSERT INTO widget VALUES ('只在这个测试里')"))
    await session.commit()  # becomes a savepoint inside the outer transaction
    assert await session.scalar(text("SELECT count(*) FROM widget")) == 1

    conn = await asyncpg.connect(infra.database_url.replace("+asyncpg", ""))
    try:  # another connection never sees it: the outer transaction is never committed
        assert await conn.fetchval("SELECT count(*) FROM mig_iso.widget") == 0
    finally:
        await conn.close()
