"""The `import` section of `make bench`: rows/s of a lead import through the gateway,
beside raw asyncpg COPY of the same rows into a bare table, measured in the same run.

The file is a CSV (UTF-8) of SALESOS_BENCH_IMPORT_ROWS rows (default 100,000) written with
the csv module from the same generator as the intake phases - CSV because that is what
most CRM exports and trade-show scanners produce; set SALESOS_BENCH_IMPORT_XLSX=1 to
time the same rows as an .xlsx (openpyxl write-only) as well. Timing runs from the
upload request to the job's `done` state, so it includes upload, parsing, validation,
normalisation, the duplicate check, the inserts and the outbox rows. Two baselines, in
the same run: `baseline_asyncpg_copy` copies the raw rows into a bare table (what the
database takes for the bytes alone), and `floor_leads_tables` (loadtests/import_floor.py)
copies the same rows, already normalised and assigned, with their first touches and
deadline rows, into a scratch copy of the leads tables with every index they have: what
the database alone takes for the rows the import must store. `import_vs_floor_ratio` is
the share of that floor the import reaches; the rest of the gap is our code.

When the bench started the stack itself it also reports the CPU seconds each process
spent from the upload to `done` (`cpu_s`), and how long after `done` the downstream work
took - every imported lead out of `new`, every event relayed, the consumers' inboxes
quiet (polled once a second, so `seconds` is +-1) - with the CPU spent meanwhile
(`settle`): work an import causes must not merely be moved out of the timed part.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import random
import time
import uuid

import asyncpg
import httpx

from loadtests import cpu
from loadtests.data import PREFIXES, fake_web_form
from loadtests.import_floor import import_floor

ROWS = int(os.environ.get("SALESOS_BENCH_IMPORT_ROWS", "100000"))
COLUMNS = ["姓名", "公司", "手机", "邮箱", "省份", "行业"]
KEYS = ["name", "company", "phone", "email", "province", "industry"]


def generate_rows(n: int, run: str) -> list[list[str]]:
    rng = random.Random(run)
    rows = []
    for i in range(n):
        form = fake_web_form(f"{run}-{i}")
        form["phone"] = f"{rng.choice(PREFIXES)}{rng.randint(0, 99_999_999):08d}"
        form["email"] = f"buyer{run}{i}@example.cn"
        rows.append([form[k] for k in KEYS])
    return rows


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()


def to_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _through_gateway(client: httpx.AsyncClient, token: str, name: str,
                           data: bytes, processes: dict[str, int]) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}"}
    before = cpu.snapshot(processes)
    started = time.perf_counter()
    accepted = await client.post("/api/v1/leads/imports", headers=headers,
                                 files={"file": (name, data)})
    import_id = accepted.raise_for_status().json()["import_id"]
    while True:
        status = (await client.get(f"/api/v1/leads/imports/{import_id}", headers=headers)
                  ).raise_for_status().json()
        if status["state"] in {"done", "failed"}:
            break
        await asyncio.sleep(0.05)
    seconds = time.perf_counter() - started
    used = cpu.seconds_between(before, cpu.snapshot(processes))
    return {"cpu_s": used, "file": name, "bytes": len(data), "state": status["state"],
            "rows": status["rows_total"], "created": status["rows_created"],
            "merged": status["rows_merged"], "failed": status["rows_failed"],
            "seconds": round(seconds, 2), "rows_per_s": round(status["rows_done"] / seconds)}


# Imported leads still `new`, leads' events not yet relayed, and everything the consumers
# of all services have recorded as handled (it stops growing once they are done).
_PROGRESS = """
    SELECT (SELECT count(*) FROM leads.leads WHERE source = 'import' AND status = 'new'),
           (SELECT count(*) FROM leads.outbox WHERE published_at IS NULL),
           ({handled})
"""


async def _settle(database_url: str, processes: dict[str, int],
                  limit: float = 180) -> dict[str, object]:
    """Seconds until no imported lead is `new`, every leads event is relayed and the
    consumers' inboxes stopped growing; the CPU spent meanwhile."""
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    before, started = cpu.snapshot(processes), time.perf_counter()
    last, quiet_since = None, started
    schemas = await conn.fetch("SELECT schemaname FROM pg_tables WHERE tablename = 'inbox'")
    progress = _PROGRESS.format(handled=" + ".join(
        f"(SELECT count(*) FROM {row['schemaname']}.inbox)" for row in schemas) or "0")
    try:
        while (now := time.perf_counter()) - started < limit:
            new, unsent, handled = await conn.fetchrow(progress)
            if handled != last:
                last, quiet_since = handled, now
            if not new and not unsent and now - quiet_since >= 1.5:
                break
            await asyncio.sleep(1.0)  # each poll counts whole inbox tables: ~0.1 s of CPU
    finally:
        await conn.close()
    return {"seconds": round(quiet_since - started, 2), "still_new": new,
            "unrelayed": unsent, "cpu_s": cpu.seconds_between(before, cpu.snapshot(processes))}


async def _copy_baseline(database_url: str, rows: list[list[str]]) -> dict[str, object]:
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute("CREATE TEMP TABLE bench_copy (id uuid, name text, company text, "
                           "phone text, email text, province text, industry text)")
        records = [(uuid.uuid4(), *row) for row in rows]
        started = time.perf_counter()
        await conn.copy_records_to_table("bench_copy", records=records)
        seconds = time.perf_counter() - started
    finally:
        await conn.close()
    return {"rows": len(rows), "seconds": round(seconds, 2),
            "rows_per_s": round(len(rows) / seconds)}


async def bench_import(base_url: str, database_url: str,
                       processes: dict[str, int] | None = None) -> dict[str, object]:
    """`processes` (name -> root pid) when the bench started the stack: CPU by process."""
    processes = processes or {}
    run = uuid.uuid4().hex[:8]
    rows = generate_rows(ROWS, run)
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        login = await client.post("/api/v1/auth/token",
                                  json={"username": "director", "password": "demo"})
        token = login.raise_for_status().json()["access_token"]
        result: dict[str, object] = {
            "csv": await _through_gateway(client, token, f"bench-{run}.csv", to_csv(rows),
                                          processes)}
        result["csv"]["settle"] = await _settle(database_url, processes)  # type: ignore[index]
        if os.environ.get("SALESOS_BENCH_IMPORT_XLSX") == "1":
            xlsx_rows = generate_rows(ROWS, run + "x")
            result["xlsx"] = await _through_gateway(client, token, f"bench-{run}.xlsx",
                                                    to_xlsx(xlsx_rows), processes)
            result["xlsx"]["settle"] = await _settle(  # type: ignore[index]
                database_url, processes)
    result["baseline_asyncpg_copy"] = await _copy_baseline(database_url, rows)
    result["floor_leads_tables"] = await import_floor(
        database_url, rows, COLUMNS, postgres_pid=processes.get("postgres"))
    csv_rps = result["csv"]["rows_per_s"]  # type: ignore[index]
    result["import_vs_copy_ratio"] = round(
        csv_rps / result["baseline_asyncpg_copy"]["rows_per_s"], 3)  # type: ignore[index]
    result["import_vs_floor_ratio"] = round(
        csv_rps / result["floor_leads_tables"]["rows_per_s"], 3)  # type: ignore[index]
    result["target_rows_per_s"] = 20_000
    return result
