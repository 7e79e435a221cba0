"""Upgrading an installation whose leads were stored before search folded case in every
script: ÉCOLE Müller, stored with the bigrams of the C ctype's lower() (ASCII only),
is found by école afterwards, and a downgrade gives the old bigrams back."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from leads.adapters import lead_queries
from leads.domain.listing import LeadFilter
from leads.domain.search import search_grams
from servicekit.db import create_engine, session_factory
from servicekit.migrations import alembic_config, upgrade_head
from servicekit.scope import Scope

from .conftest import MIGRATIONS

pytestmark = pytest.mark.integration
BEFORE = "20261205_imports_by_uploader"
LEADS = {"latin": ("ÉCOLE Müller", "ООО ПЕТРОВ"), "chinese": ("王芳", "云南液压ABB有限公司")}


async def test_the_upgrade_refolds_the_bigrams_of_leads_stored_before(infra: Any) -> None:
    schema = f"leads_fold_{uuid.uuid4().hex[:8]}"
    config = alembic_config(MIGRATIONS, infra.database_url, schema)
    await asyncio.to_thread(command.upgrade, config, BEFORE)
    engine = create_engine(infra.database_url, schema, pool_size=1)
    try:
        async with engine.begin() as conn:  # the trigger fills search_grams, as it did then
            for key, (name, company) in LEADS.items():
                await conn.execute(sa.text(
                    "INSERT INTO leads (id, source, idempotency_key, name, company) VALUES "
                    "(gen_random_uuid(), 'manual', :k, :n, :c)"),
                    {"k": key, "n": name, "c": company})
        before = await _grams(engine)
        assert "éc" not in before["latin"] and "Éc" in before["latin"]

        await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, schema)
        after = await _grams(engine)
        assert {key: sorted(after[key]) for key in LEADS} == {
            key: sorted(search_grams(*LEADS[key])) for key in LEADS}
        assert after["chinese"] == before["chinese"]  # untouched: nothing of it folds
        async with session_factory(engine)() as session:
            found = await lead_queries.page(session, scope=Scope(everything=True),
                                            flt=LeadFilter(q="école"), limit=10, after=None)
        assert [lead.name for lead in found] == ["ÉCOLE Müller"]

        await asyncio.to_thread(command.downgrade, config, BEFORE)
        assert {k: sorted(v) for k, v in (await _grams(engine)).items()} == {
            k: sorted(v) for k, v in before.items()}
    finally:
        async with engine.begin() as conn:
            await conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        await engine.dispose()


async def _grams(engine: Any) -> dict[str, list[str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(sa.text("SELECT idempotency_key, search_grams FROM leads"))
        return {row.idempotency_key: list(row.search_grams) for row in rows}
