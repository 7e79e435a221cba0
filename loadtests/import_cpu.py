"""CPU per imported row, by process, for tuning the import (`python -m loadtests.import_cpu`).

`make bench`'s import section reports CPU seconds for 100k rows on the whole stack; this
runs the same CSV (loadtests/import_bench.py's generator) of SALESOS_BENCH_IMPORT_ROWS
rows (default 20,000) through the gateway of a throwaway stack on free ports, after a
small warm-up import (the normaliser's worker process starts, caches fill), and prints
microseconds of CPU per row for each process: the job (upload to `done`), the settling
after it (every event relayed, every consumer quiet) and both together. CPU per row holds
still when other work shares the machine; wall time does not.

SALESOS_IMPORT_PROFILE=<dir>: py-spy (installed by hand, not a project dependency)
records the leads process and its normaliser worker during the measured import into
<dir>/leads.speedscope.json (and a flame graph .svg).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from loadtests.import_bench import _settle, _through_gateway, generate_rows, to_csv

ROWS = int(os.environ.get("SALESOS_BENCH_IMPORT_ROWS", "20000"))
WARM_UP = 1000


def _per_row(cpu_s: dict[str, float], rows: int) -> dict[str, float]:
    return {name: round(seconds * 1e6 / rows) for name, seconds in cpu_s.items()}


def _profiler(pid: int, out: Path) -> subprocess.Popen[bytes]:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return subprocess.Popen([py_spy, "record", "--pid", str(pid), "--subprocesses",
                             "--rate", "200", "--format", "speedscope", "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def _run(url: str, database_url: str, processes: dict[str, int]) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        login = await client.post("/api/v1/auth/token",
                                  json={"username": "director", "password": "demo"})
        token = login.raise_for_status().json()["access_token"]
        await _through_gateway(client, token, "warm.csv", to_csv(generate_rows(WARM_UP, "warm")),
                               processes)
        await _settle(database_url, processes)
        data = to_csv(generate_rows(ROWS, os.urandom(4).hex()))
        profile_dir = os.environ.get("SALESOS_IMPORT_PROFILE")
        spy = None
        if profile_dir:
            spy = _profiler(processes["leads"], Path(profile_dir) / "leads.speedscope.json")
            await asyncio.sleep(1)
        job = await _through_gateway(client, token, "measured.csv", data, processes)
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(60)
        settle = await _settle(database_url, processes)
    total = {name: job["cpu_s"][name] + settle["cpu_s"][name]  # type: ignore[index]
             for name in job["cpu_s"]}  # type: ignore[union-attr]
    rows = int(job["rows"])  # type: ignore[arg-type]
    return {"rows": rows, "seconds": job["seconds"], "settle_seconds": settle["seconds"],
            "created": job["created"], "merged": job["merged"], "failed": job["failed"],
            "us_per_row_job": _per_row(job["cpu_s"], rows),  # type: ignore[arg-type]
            "us_per_row_settle": _per_row(settle["cpu_s"], rows),  # type: ignore[arg-type]
            "us_per_row_total": _per_row(total, rows)}


def main() -> None:
    from servicekit.stack import Ports, Stack

    if profile_dir := os.environ.get("SALESOS_IMPORT_PROFILE"):
        Path(profile_dir).mkdir(parents=True, exist_ok=True)
    stack = Stack(Ports.free(), Path(tempfile.mkdtemp(prefix="salesos-import-cpu-")),
                  env={**os.environ, "SALESOS_DEMO": "1"}, say=lambda _: None)
    stack.start()
    try:
        processes = {name: child.pid for name, child in stack.children.items()}
        for name, part in (("postgres", stack.infra.postgres), ("nats", stack.infra.nats)):
            if part.proc is not None:
                processes[name] = part.proc.pid
        result = asyncio.run(_run(stack.gateway_url, stack.database_url, processes))
        print(json.dumps(result, indent=2))
    finally:
        stack.stop()
        shutil.rmtree(stack.data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
