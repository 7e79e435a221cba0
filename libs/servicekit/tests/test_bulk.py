"""Set-based inserts keep one statement text whatever the batch size, and behave like
the VALUES inserts they replace (conflicts skipped, RETURNING the rows written)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from servicekit.bulk import arrays, unnest_insert
from servicekit.db import session_factory
from servicekit.testing.scratch import scratch_schema
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, Uuid, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

md = MetaData()
things = Table("things", md, Column("id", Uuid, primary_key=True),
               Column("name", Text, nullable=False), Column("size", Integer),
               Column("at", DateTime(timezone=True)), Column("extra", JSONB))
COLUMNS = ("id", "name", "size", "at", "extra")


def test_the_statement_is_built_once_per_table_and_columns() -> None:
    first = unnest_insert(things, COLUMNS, on_conflict="ON CONFLICT DO NOTHING")
    assert unnest_insert(things, COLUMNS, on_conflict="ON CONFLICT DO NOTHING") is first
    assert "CAST(:at AS TIMESTAMP WITH TIME ZONE[])" in str(first)


def test_a_column_the_table_lacks_is_refused_at_once() -> None:
    with pytest.raises(KeyError, match="colour"):
        unnest_insert(things, ("id", "colour"))


@pytest.fixture
async def sessions(infra) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with scratch_schema(infra.database_url, "bulk", md, pool_size=1) as (_, engine):
        yield session_factory(engine)


@pytest.mark.integration
async def test_rows_of_every_type_arrive_and_conflicts_are_skipped(sessions) -> None:
    now = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    taken = uuid.uuid4()
    statement = unnest_insert(things, COLUMNS, on_conflict="ON CONFLICT DO NOTHING",
                              returning=("id",))
    async with sessions() as session, session.begin():
        first = await session.execute(statement, arrays(
            [{"id": taken, "name": "甲", "size": 1, "at": now, "extra": json.dumps({"k": "v"})}],
            COLUMNS))
        assert list(first.scalars()) == [taken]
        rows = [{"id": taken, "name": "dup", "size": None, "at": None, "extra": None},
                *({"id": uuid.uuid4(), "name": f"n{i}", "size": i, "at": now,
                   "extra": json.dumps([i])} for i in range(50))]
        written = list((await session.execute(statement, arrays(rows, COLUMNS))).scalars())
    assert len(written) == 50 and taken not in written
    async with sessions() as session:
        stored = (await session.execute(select(things).where(things.c.id == taken))).one()
    assert (stored.name, stored.size, stored.at, stored.extra) == ("甲", 1, now, {"k": "v"})
