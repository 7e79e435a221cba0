"""The import job alone: CPU of the leads process and of PostgreSQL for N bench rows, with
no gateway, no NATS and no consumers competing (`python -m loadtests.import_job`).

`make bench` times an import with the whole stack up, where the relay and every
consumer work through the import's events on the same cores; this says what the job
itself costs. A throwaway PostgreSQL (fsync on, as in the bench's stack), the leads
schema migrated, a small in-process org directory (one region per province, three reps
each) so the batches place their leads as they would against the gateway, and the same
CSV as `loadtests/import_bench.py`. Set SALESOS_BENCH_IMPORT_ROWS (default 100,000);
SALESOS_IMPORT_JOB_LOG=1 logs every statement's duration to the cluster's log
(printed path), to see where PostgreSQL's share goes.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import grpc
from leads.adapters.clients import OrgDirectoryClient
from leads.domain.provinces import MAINLAND_PROVINCES
from leads.entrypoints.clock import seed_calendar_at_start
from leads.service_layer import import_jobs, import_normalise, imports
from leads.service_layer.handlers import Deps
from salesos.org.v1 import org_pb2_grpc
from servicekit.auth import Principal
from servicekit.db import create_engine, session_factory
from servicekit.devstack import Postgres, free_port
from servicekit.migrations import upgrade_head
from servicekit.settings import DEMO_JWT_SECRET

from loadtests import cpu
from loadtests.import_bench import ROWS, generate_rows, to_csv

_LEADS = Path(__file__).resolve().parents[1] / "services" / "leads"
sys.path.insert(0, str(_LEADS / "tests" / "integration"))
from conftest import OrgDouble  # noqa: E402  (the integration tests' org directory)


async def _chunks(data: bytes) -> object:
    for i in range(0, len(data), 64 * 1024):
        yield data[i:i + 64 * 1024]


async def _job(database_url: str, pid: int) -> dict[str, object]:
    await asyncio.to_thread(upgrade_head, _LEADS / "migrations", database_url, "leads")
    double = OrgDouble()
    for name in MAINLAND_PROVINCES:
        region = double.add_region(f"{name}区", [name])
        for i in range(3):
            double.add_user(region, "rep", f"{name}-rep{i}")
    server = grpc.aio.server()
    org_pb2_grpc.add_OrgDirectoryServicer_to_server(double, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    engine = create_engine(database_url, "leads", pool_size=5)
    org = OrgDirectoryClient(f"127.0.0.1:{port}", jwt_secret=DEMO_JWT_SECRET, timeout_seconds=5)
    deps = Deps(sessions=session_factory(engine), org=org)
    await seed_calendar_at_start(deps.sessions)  # as the service does before serving
    data = to_csv(generate_rows(ROWS, "job"))
    upload = imports.Upload("job.csv", "", _chunks(data[64 * 1024:]),  # type: ignore[arg-type]
                            first=data[:64 * 1024])
    await imports.start_import(upload, Principal("bench", "bench", "director"), deps)
    groups = {"leads (this process and its worker)": os.getpid(), "postgres": pid}
    before, started = cpu.snapshot(groups), time.perf_counter()
    await import_jobs.run_next(deps)
    seconds = time.perf_counter() - started
    after = cpu.snapshot(groups)
    import_normalise.shutdown()
    await org.close()
    await server.stop(grace=None)
    await engine.dispose()
    return {"rows": ROWS, "seconds": round(seconds, 2), "rows_per_s": round(ROWS / seconds),
            "cpu_s": cpu.seconds_between(before, after)}


def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="salesos-import-job-"))
    pg = Postgres(data_dir, free_port())
    pg.start()
    try:
        if os.environ.get("SALESOS_IMPORT_JOB_LOG") == "1":
            pg.psql("ALTER SYSTEM SET log_min_duration_statement = 0; SELECT pg_reload_conf()")
            print("statements logged to", pg.log_path, file=sys.stderr)
        assert pg.proc is not None
        print(json.dumps(asyncio.run(_job(pg.database_url, pg.proc.pid)), ensure_ascii=False,
                         indent=2))
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
