"""The migrated pipeline schema is exactly what the ORM tables declare, and migrations
carry the data of before along."""

import asyncio
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from pipeline.adapters.orm import metadata
from pipeline.domain.period import SHANGHAI
from servicekit.migrations import alembic_config
from servicekit.testing.schema import schema_differences
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.integration
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


async def test_migrated_schema_matches_the_orm_tables(infra: Any) -> None:
    assert await schema_differences(infra.database_url, "pipeline", metadata) == []


async def test_contracts_from_before_numbering_are_numbered_by_year_in_creation_order(
        infra: Any) -> None:
    """The year is Beijing's: a contract drafted at 23:30 on New Year's Eve is last year's."""
    schema = f"pipeline_numbers_{uuid.uuid4().hex[:8]}"
    config = alembic_config(MIGRATIONS, infra.database_url, schema)
    await asyncio.to_thread(command.upgrade, config, "20261204_request_hash")
    engine = create_async_engine(infra.database_url, connect_args={
        "server_settings": {"search_path": schema}})
    try:
        async with engine.begin() as conn:
            # Only the numbering is under test: no deals behind these contracts.
            await conn.execute(text("ALTER TABLE contracts DROP CONSTRAINT "
                                    "contracts_opportunity_id_fkey"))
            for created in (datetime(2026, 1, 1, 0, 30, tzinfo=SHANGHAI),
                            datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI),
                            datetime(2026, 3, 1, 9, tzinfo=SHANGHAI)):
                await conn.execute(text(
                    "INSERT INTO contracts (id, opportunity_id, quote_id, status, owner_id,"
                    " created_by, created_at) VALUES (gen_random_uuid(), gen_random_uuid(),"
                    " gen_random_uuid(), 'draft', 'rep', 'rep', :at)"),
                    {"at": created})
        await asyncio.to_thread(command.upgrade, config, "heads")
        async with engine.connect() as conn:
            numbers = (await conn.execute(text(
                "SELECT number FROM contracts ORDER BY created_at"))).scalars().all()
            years = dict((await conn.execute(text(
                "SELECT year, last FROM contract_numbers"))).all())
        assert numbers == ["HT-2025-00001", "HT-2026-00001", "HT-2026-00002"]
        assert years == {2025: 1, 2026: 2}  # the next of 2026 is HT-2026-00003
    finally:
        async with engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await engine.dispose()
