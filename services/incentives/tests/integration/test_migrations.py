"""The migrated incentives schema is exactly what the ORM tables declare."""

from typing import Any

import pytest
from incentives.adapters.orm import metadata
from servicekit.testing.schema import schema_differences

pytestmark = pytest.mark.integration


async def test_migrated_schema_matches_the_orm_tables(infra: Any) -> None:
    assert await schema_differences(infra.database_url, "incentives", metadata) == []
