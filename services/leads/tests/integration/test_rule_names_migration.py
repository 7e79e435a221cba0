"""Upgrading an installation where an admin had saved two rules under one name: the first
(by position) keeps it, the other is renamed 「…（2）」, and from then on a third
cannot be saved under it."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from servicekit.db import create_engine
from servicekit.migrations import alembic_config, upgrade_head

from .conftest import MIGRATIONS

pytestmark = pytest.mark.integration
BEFORE = "20261205_import_worker"
INSERT = sa.text("INSERT INTO assignment_rules (id, name, position, target_kind) "
                 "VALUES (gen_random_uuid(), :name, :position, 'region')")


async def test_rules_saved_twice_under_one_name_are_told_apart_by_the_upgrade(
    infra: Any,
) -> None:
    schema = f"leads_rules_{uuid.uuid4().hex[:8]}"
    await asyncio.to_thread(command.upgrade,
                            alembic_config(MIGRATIONS, infra.database_url, schema), BEFORE)
    engine = create_engine(infra.database_url, schema, pool_size=1)
    try:
        async with engine.begin() as conn:
            for position, name in enumerate(["华东 VIP", "华南", "华东 vip"]):
                await conn.execute(INSERT, {"name": name, "position": position})
        await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, schema)
        async with engine.connect() as conn:
            names = (await conn.execute(sa.text(
                "SELECT name FROM assignment_rules ORDER BY position"))).scalars().all()
        assert names == ["华东 VIP", "华南", "华东 vip（2）"]
        with pytest.raises(sa.exc.IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(INSERT, {"name": "华南", "position": 3})
    finally:
        async with engine.begin() as conn:
            await conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        await engine.dispose()


async def test_names_only_full_case_folding_finds_the_same_are_told_apart_too(
    infra: Any,
) -> None:
    """lower() under the C ctype let 「Straße」 and 「STRASSE」 both through."""
    schema = f"leads_rules_{uuid.uuid4().hex[:8]}"
    config = alembic_config(MIGRATIONS, infra.database_url, schema)
    await asyncio.to_thread(command.upgrade, config, "20261206_rule_names")
    engine = create_engine(infra.database_url, schema, pool_size=1)
    try:
        async with engine.begin() as conn:
            for position, name in enumerate(["Straße", "ΣΟΦΙΑ", "STRASSE", "σοφια"]):
                await conn.execute(INSERT, {"name": name, "position": position})
        await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, schema)
        async with engine.connect() as conn:
            names = (await conn.execute(sa.text(
                "SELECT name FROM assignment_rules ORDER BY position"))).scalars().all()
        assert names == ["Straße", "ΣΟΦΙΑ", "STRASSE（2）", "σοφια（2）"]
        with pytest.raises(sa.exc.IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(INSERT, {"name": "strasse", "position": 4})
    finally:
        async with engine.begin() as conn:
            await conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        await engine.dispose()
