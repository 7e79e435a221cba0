"""A rep's import list reads about a page from an index, not every import they ever made.

A few years of uploads (4,000 imports: a clerk who imports every day made 1,000 of them,
79 reps the rest) are written in one transaction that
is rolled back (ANALYZE inside it sees them, and its statistics roll back with them), in
the tests' own schema, and the very statement `imports_repository.page` runs is
EXPLAINed: the first page and the page after a cursor.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Collection
from datetime import datetime
from typing import Any

import pytest
from leads.adapters import imports_repository as repo
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration
PAGE = 21  # what list_imports asks for: a page of 20 and one to know there is more
REPS, IMPORTS = 79, 4000


@pytest.fixture(scope="module")
async def years(sessions: async_sessionmaker[AsyncSession]
                ) -> AsyncIterator[tuple[AsyncSession, str]]:
    tag = f"p{uuid.uuid4().hex[:6]}-"
    async with sessions() as session:
        await session.execute(text(
            "INSERT INTO imports (id, created_by, format, state, created_at) "
            "SELECT gen_random_uuid(), :tag || CASE WHEN i % 4 = 0 THEN 'clerk' "
            "                                     ELSE (i % :reps)::text END, "
            "       'xlsx', 'done', now() - make_interval(hours => i) "
            "FROM generate_series(1, :imports) AS i"),
            {"tag": tag, "reps": REPS, "imports": IMPORTS})
        await session.execute(text("ANALYZE imports"))
        yield session, tag
        await session.rollback()


async def plan_of(session: AsyncSession, uploaders: Collection[str],
                  after: tuple[datetime, str] | None) -> dict[str, Any]:
    """EXPLAIN ANALYZE of the statement `page` runs, with its parameters."""
    conn = await session.connection()
    ran: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        ran.append((statement, params))

    event.listen(conn.sync_connection, "before_cursor_execute", keep)
    try:
        await repo.page(session, uploaders=uploaders, limit=PAGE, after=after)
    finally:
        event.remove(conn.sync_connection, "before_cursor_execute", keep)
    statement, params = ran[-1]
    result = await conn.exec_driver_sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", params)
    return result.scalar_one()[0]["Plan"]  # type: ignore[no-any-return]


def scans(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node] if "Scan" in node["Node Type"] else []
    for child in node.get("Plans", []):
        found += scans(child)
    return found


async def test_an_uploaders_import_list_reads_a_page_of_their_imports_in_order(
    years: Any,
) -> None:
    """The clerk's 1,000 imports: each page is read backward from the cursor, in order."""
    session, tag = years
    clerk = [f"{tag}clerk"]
    first = await repo.page(session, uploaders=clerk, limit=PAGE, after=None)
    assert len(first) == PAGE
    for after in (None, (first[-1].created_at, str(first[-1].id))):
        nodes = scans(await plan_of(session, clerk, after))
        assert [(n["Node Type"], n.get("Index Name")) for n in nodes] == [
            ("Index Scan", "imports_by_uploader")], nodes
        assert nodes[0]["Actual Rows"] <= PAGE, nodes


async def test_a_managers_import_list_is_read_through_the_uploaders_not_everyones(
    years: Any,
) -> None:
    """Ten reps' imports (380 of the 4,000) are found by their uploader, then sorted."""
    session, tag = years
    team = [f"{tag}{n}" for n in range(10)]
    nodes = scans(await plan_of(session, team, None))
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan"], nodes
    assert sum(n["Actual Rows"] for n in nodes if n.get("Relation Name") == "imports") \
        <= 40 * len(team)
