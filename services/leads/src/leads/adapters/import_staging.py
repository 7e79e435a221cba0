"""A batch's rows into a temporary staging table by binary COPY, for a set-based
`INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING` into the real table.

Why not `unnest(array parameters)`: asyncpg encodes an array parameter element by element
with isinstance checks against collections.abc classes (~0.5 us an element, in the
service's own process); 5,000 leads as 22 arrays cost ~10 us a row there, the same rows
by COPY ~2 us. The INSERT ... SELECT keeps what the array version gave: one statement a
batch, rows whose key is already recorded skipped, RETURNING saying which are new.

The staging table is a session-local temporary table (PostgreSQL's pg_temp schema: no
other connection sees it), created on the connection's first import batch and emptied
before each use, in the batch's own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


async def stage(session: AsyncSession, table: str, columns: Sequence[tuple[str, str]],
                records: Sequence[tuple[Any, ...]]) -> None:
    """`records` (values in `columns` order: (name, SQL type) pairs) into pg_temp.`table`,
    which holds nothing else afterwards."""
    raw = await (await session.connection()).get_raw_connection()
    conn: Any = raw.driver_connection
    ddl = ", ".join(f"{name} {kind}" for name, kind in columns)
    await conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({ddl}); "
                       f"TRUNCATE pg_temp.{table}")
    await conn.copy_records_to_table(table, schema_name="pg_temp", records=records,
                                     columns=[name for name, _ in columns])
