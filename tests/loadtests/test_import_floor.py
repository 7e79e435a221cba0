"""The import floor `make bench` reports beside the import: if the leads tables change so
that the floor's records no longer fit them, this fails in CI rather than in a bench run."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from leads.domain.first_contact import FRACTIONS
from leads.domain.search import search_grams

from loadtests import floor_rows
from loadtests.baseline import plain_dsn
from loadtests.import_bench import COLUMNS, generate_rows
from loadtests.import_floor import import_floor

pytestmark = pytest.mark.integration


async def test_the_floor_stores_each_row_as_an_assigned_lead_with_touch_and_deadlines(
        infra: Any) -> None:
    result = await import_floor(infra.database_url, generate_rows(50, "floor"), COLUMNS)

    assert result["stored"] == {"leads": 50, "lead_touches": 50,
                                "first_contact_deadlines": 50 * len(FRACTIONS)}
    assert result["same_indexes_as_leads"] is True  # migrated like the real schema
    conn = await asyncpg.connect(plain_dsn(infra.database_url))
    try:  # and the scratch schema is gone again
        assert not await conn.fetchval(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'bench_floor_%'")
    finally:
        await conn.close()


def test_search_grams_are_filled_only_when_the_leads_table_has_the_column() -> None:
    leads = floor_rows.normalised(generate_rows(3, "cols"), COLUMNS, now=datetime.now(UTC))

    without = floor_rows.build(leads, table_columns={"id", "name"})
    with_grams = floor_rows.build(leads, table_columns={"id", "name", "search_grams"})

    assert floor_rows.GRAMS not in without.lead_columns
    assert all(len(r) == len(without.lead_columns) for r in without.leads)
    assert with_grams.lead_columns[-1] == floor_rows.GRAMS
    first = leads[0]
    # The application's own grams (leads.domain.search; tested against SQL there).
    assert with_grams.leads[0][-1] == search_grams(first.name, first.company)
