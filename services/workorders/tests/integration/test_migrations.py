"""The migrated workorders schema is exactly what the ORM tables declare."""

from typing import Any

import pytest
from servicekit.testing.schema import schema_differences
from workorders.adapters.orm import metadata

pytestmark = pytest.mark.integration


async def test_migrated_schema_matches_the_orm_tables(infra: Any) -> None:
    assert await schema_differences(infra.database_url, "workorders", metadata) == []
