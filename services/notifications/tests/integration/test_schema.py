"""The tables the code declares are the tables the migrations build."""

from __future__ import annotations

import pytest
from notifications.adapters.orm import metadata
from servicekit.testing.schema import schema_differences

pytestmark = pytest.mark.integration


async def test_migrations_match_the_declared_tables(notifications_db: str) -> None:
    assert await schema_differences(notifications_db, "notifications", metadata) == []
