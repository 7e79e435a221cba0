"""The import's floor: what PostgreSQL alone takes to store what an import of N rows
stores, measured in the same run as the import (`make bench`, section `import`).

Each row is stored as a new lead the way the import leaves it - normalised, assigned, with
its first touch and its first-contact deadline rows (`floor_rows.py` builds them before
the clock starts) - by asyncpg COPY, 1,000 leads per transaction, over two connections at
once (the bench machine has two cores). The tables are a scratch schema migrated by the
leads service's own migrations, so every index (the search GIN indexes too), constraint,
foreign key and trigger of the real tables is there, and the floor follows the schema as
it changes; `same_indexes_as_leads` says whether the running `leads` schema has exactly
those indexes. The schema is dropped afterwards. Given the postmaster's pid, it reports
PostgreSQL's CPU seconds, and the rows/s PostgreSQL would reach with every core to itself:
if that is below the target, no code of ours can meet it with this schema on this machine.

Left out, so the floor is below the import's database work, never above it: the outbox
rows (two events a lead), the duplicate search, the job's counters and error rows, and the
staging tables the import copies through.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from servicekit.migrations import upgrade_head

from loadtests import cpu, floor_rows
from loadtests.baseline import plain_dsn

MIGRATIONS = Path(__file__).resolve().parents[1] / "services" / "leads" / "migrations"
PER_TRANSACTION = 1000
CONNECTIONS = 2
TABLES = ("leads", "lead_touches", "first_contact_deadlines")
_INDEXES = """
    SELECT tablename, replace(indexdef, schemaname || '.', '') AS definition
      FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2::text[])
"""


async def _copy_all(conns: Sequence[asyncpg.Connection], schema: str,
                    rows: floor_rows.FloorRows) -> None:
    starts = iter(range(0, len(rows.leads), PER_TRANSACTION))  # shared: whoever is free
    per = len(rows.deadlines) // max(1, len(rows.leads))

    async def worker(conn: asyncpg.Connection) -> None:
        for start in starts:
            end = start + PER_TRANSACTION
            async with conn.transaction():
                await conn.copy_records_to_table(
                    "leads", schema_name=schema, columns=rows.lead_columns,
                    records=rows.leads[start:end])
                await conn.copy_records_to_table(
                    "lead_touches", schema_name=schema, columns=floor_rows.TOUCH_COLUMNS,
                    records=rows.touches[start:end])
                await conn.copy_records_to_table(
                    "first_contact_deadlines", schema_name=schema,
                    columns=floor_rows.DEADLINE_COLUMNS,
                    records=rows.deadlines[start * per:end * per])

    await asyncio.gather(*(worker(conn) for conn in conns))


async def _indexes(conn: asyncpg.Connection, schema: str) -> set[tuple[str, str]]:
    return {(r["tablename"], r["definition"]) for r in await conn.fetch(_INDEXES, schema,
                                                                          list(TABLES))}


async def _measure(conns: Sequence[asyncpg.Connection], schema: str,
                   rows: Sequence[Sequence[str]], headers: Sequence[str],
                   postgres_pid: int | None) -> dict[str, object]:
    columns = {r["column_name"] for r in await conns[0].fetch(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = $1 AND table_name = 'leads'", schema)}
    built = floor_rows.build(floor_rows.normalised(rows, headers, now=datetime.now(UTC)),
                             table_columns=columns)
    groups = {"postgres": postgres_pid} if postgres_pid else {}
    before, client_before = cpu.snapshot(groups), time.process_time()
    started = time.perf_counter()
    await _copy_all(conns, schema, built)
    seconds = time.perf_counter() - started
    used, client = cpu.seconds_between(before, cpu.snapshot(groups)), (
        time.process_time() - client_before)
    stored = {t: await conns[0].fetchval(f'SELECT count(*) FROM "{schema}".{t}')
              for t in TABLES}
    mine, live = await _indexes(conns[0], schema), await _indexes(conns[0], "leads")
    return {"rows": len(built.leads), "stored": stored, "seconds": round(seconds, 2),
            "rows_per_s": round(len(built.leads) / seconds),
            "postgres_cpu_s": used.get("postgres"), "client_cpu_s": round(client, 2),
            # PostgreSQL alone on every core: the most this schema allows on this machine,
            # whatever the import's code does (and whatever neighbours took meanwhile).
            "rows_per_s_postgres_on_every_core": round(
                len(built.leads) * (os.cpu_count() or 1) / used["postgres"])
            if used.get("postgres") else None,
            "connections": len(conns), "leads_per_transaction": PER_TRANSACTION,
            "indexes": len(mine), "same_indexes_as_leads": (mine == live) if live else None,
            "search_grams": floor_rows.GRAMS in built.lead_columns}


async def import_floor(database_url: str, rows: Sequence[Sequence[str]],
                       headers: Sequence[str], *,
                       postgres_pid: int | None = None) -> dict[str, object]:
    """Rows/s, seconds and (given the postmaster's pid) PostgreSQL CPU seconds of storing
    `rows` (a spreadsheet's rows under `headers`) as the import would, in a scratch schema
    that is dropped afterwards, whatever happened."""
    schema = f"bench_floor_{uuid.uuid4().hex[:8]}"
    dsn = plain_dsn(database_url)
    conns: list[asyncpg.Connection] = []
    try:
        await asyncio.to_thread(upgrade_head, MIGRATIONS, database_url, schema)
        for _ in range(CONNECTIONS):
            conns.append(await asyncpg.connect(dsn, server_settings={"search_path": schema}))
        return await _measure(conns, schema, rows, headers, postgres_pid)
    finally:
        for conn in conns:
            await conn.close()
        admin = await asyncpg.connect(dsn)
        try:
            await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await admin.close()
