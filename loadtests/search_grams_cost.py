"""What storing a lead costs PostgreSQL, with the search indexes before and after
migration 20261204_search_grams: `python -m loadtests.search_grams_cost [rows]`.

Starts a throwaway PostgreSQL, migrates one schema to the revisions before that migration
(two GIN indexes on bigrams(name) and bigrams(company)) and one to the head (one GIN index
on `search_grams`), and COPYs the same generated leads (loadtests.data) into each `leads`
table, in batches of 5,000 over two connections, as an import does. Reports the
PostgreSQL CPU seconds (postmaster and backends, loadtests.cpu) of each load: after, with
the bigrams computed in Python (what the write paths do) and without them (the trigger
fills them, as for any other write). No application work: only the table's own cost.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from alembic import command
from leads.domain.company import company_key
from leads.domain.dedupe import name_key
from leads.domain.search import search_grams
from servicekit.devstack import Postgres, free_port
from servicekit.migrations import alembic_config

from loadtests import cpu
from loadtests.data import fake_web_form

MIGRATIONS = Path(__file__).resolve().parents[1] / "services" / "leads" / "migrations"
BEFORE = ("20261202_reply_request_hash", "20261202_import_file_sha256",
          "20261203_import_clocks")
BATCH = 5_000
COLUMNS = ["id", "source", "idempotency_key", "name", "company", "phone", "email", "province",
           "industry", "company_key", "contact_key", "created_at"]


def rows(n: int, run: str) -> list[tuple[object, ...]]:
    now = datetime.now(UTC)
    out = []
    for i in range(n):
        form = fake_web_form(f"{run}-{i}")
        out.append((uuid.uuid4(), "import", f"{run}-{i}", form["name"], form["company"],
                    f"+86{form['phone']}", f"buyer{run}{i}@example.cn", form["province"],
                    form["industry"], company_key(form["company"]), name_key(form["name"]),
                    now))
    return out


async def load(dsn: str, schema: str, records: list[tuple[object, ...]], columns: list[str],
               postmaster: int) -> float:
    """PostgreSQL CPU seconds of COPYing `records` into schema.leads over two connections."""
    conns = [await asyncpg.connect(dsn) for _ in range(2)]
    batches = [records[i:i + BATCH] for i in range(0, len(records), BATCH)]

    async def worker(conn: asyncpg.Connection, mine: list[list[tuple[object, ...]]]) -> None:
        for batch in mine:
            async with conn.transaction():
                await conn.copy_records_to_table("leads", schema_name=schema, records=batch,
                                                 columns=columns)

    before = cpu.snapshot({"postgres": postmaster})
    await asyncio.gather(*(worker(c, batches[k::2]) for k, c in enumerate(conns)))
    after = cpu.snapshot({"postgres": postmaster})
    for conn in conns:
        await conn.close()
    return cpu.seconds_between(before, after)["postgres"]


def migrate(url: str, schema: str, targets: tuple[str, ...]) -> None:
    config = alembic_config(MIGRATIONS, url, schema)
    for target in targets:
        command.upgrade(config, target)


async def measure(pg: Postgres, n: int) -> dict[str, object]:
    dsn = pg.database_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
    for schema in ("before", "after", "after_trigger"):
        await conn.execute(f"CREATE SCHEMA {schema}")
    await conn.close()
    for schema, targets in (("before", BEFORE), ("after", ("heads",)),
                            ("after_trigger", ("heads",))):
        # alembic runs its own event loop (servicekit.migrations): not inside this one.
        await asyncio.to_thread(migrate, pg.database_url, schema, targets)
    records = rows(n, uuid.uuid4().hex[:8])
    started = time.process_time()
    grams = [search_grams(str(r[3]), str(r[4])) for r in records]
    python_s = time.process_time() - started
    postmaster = pg.proc.pid if pg.proc else 0
    result: dict[str, object] = {"rows": n}
    result["before_pg_cpu_s"] = await load(dsn, "before", records, COLUMNS, postmaster)
    result["after_pg_cpu_s"] = await load(
        dsn, "after", [(*r, g) for r, g in zip(records, grams, strict=True)],
        [*COLUMNS, "search_grams"], postmaster)
    result["after_python_grams_s"] = round(python_s, 2)
    result["after_by_trigger_pg_cpu_s"] = await load(dsn, "after_trigger", records, COLUMNS,
                                                     postmaster)
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory(prefix="grams-") as tmp:
        pg = Postgres(Path(tmp), free_port(), port_name="search_grams_cost")
        pg.start()
        try:
            print(json.dumps(asyncio.run(measure(pg, n)), indent=2))
        finally:
            pg.stop()


if __name__ == "__main__":
    main()
