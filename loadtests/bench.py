"""`make bench`: intake throughput and latency, and how soon the owner sees the lead.

Three phases: `/healthz` at fixed concurrency (the baseline), a burst of web forms at
the same concurrency (throughput, and how long the pipeline takes to drain it), then a
paced phase at a steady rate (202 → the owner's inbox item, p50/p99, when not saturated).
Both phases report assignment latency (the lead's created_at → assigned_at, read back
through `GET /api/v1/leads/{id}`) against the issue's target: p99 under 5 s, even in a burst.

Runs against the stack at SALESOS_BENCH_URL (default: the gateway `make run` serves), or
starts its own stack on free ports when nothing answers there. Prints one JSON object.
The baseline is `/healthz` at the same concurrency in the same run, so the ratio says how
much of the gateway's capacity a real intake (auth, validation, gRPC, one transaction)
costs on this machine, whatever the machine is.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import shutil
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

import httpx

from loadtests.data import fake_web_form
from loadtests.import_bench import bench_import

REQUESTS = int(os.environ.get("SALESOS_BENCH_REQUESTS", "600"))
CONCURRENCY = int(os.environ.get("SALESOS_BENCH_CONCURRENCY", "16"))
RATE = float(os.environ.get("SALESOS_BENCH_RATE", "20"))  # leads/s in the paced phase
PACED_SECONDS = float(os.environ.get("SALESOS_BENCH_SECONDS", "10"))
REPS = [f"rep{i:02d}" for i in range(1, 21)]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


async def _fire(client: httpx.AsyncClient, n: int, send) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)

    async def worker() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            started = time.perf_counter()
            await send(client, i)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return n / (time.perf_counter() - started), latencies


async def _inbox_watch(client: httpx.AsyncClient, tokens: dict[str, str],
                       wanted: dict[str, float], seen: dict[str, float],
                       stop: asyncio.Event) -> None:
    """Polls every rep's inbox in turn (a round takes ~20 small requests), recording when
    each wanted lead first shows up. Gentle on purpose: the watcher must not be the load."""
    while not stop.is_set() or len(seen) < len(wanted):
        for token in tokens.values():
            response = await client.get("/api/v1/notifications", params={"limit": 50},
                                        headers={"Authorization": f"Bearer {token}"})
            now = time.perf_counter()
            for item in response.json().get("items", []):
                lead_id = item.get("link", "").rsplit("/", 1)[-1]
                if lead_id in wanted and lead_id not in seen:
                    seen[lead_id] = now
        await asyncio.sleep(0.05)


async def _paced(client: httpx.AsyncClient, key: str, rate: float, seconds: float,
                 run: str, accepted: dict[str, float]) -> None:
    """Open loop: one web form every 1/rate s, whatever the answers' latency. Each 202 is
    recorded in `accepted` at once, so the inbox watcher looks for it from then on."""

    async def one(i: int) -> None:
        r = await client.post("/api/v1/intake/web-form", json=fake_web_form(f"{run}p{i}"),
                              headers={"X-Api-Key": key, "Idempotency-Key": f"{run}-p{i}"})
        accepted[r.raise_for_status().json()["lead_id"]] = time.perf_counter()

    tasks = []
    for i in range(int(rate * seconds)):
        tasks.append(asyncio.create_task(one(i)))
        await asyncio.sleep(1 / rate)
    await asyncio.gather(*tasks)


async def _assignment_ms(client: httpx.AsyncClient, token: str,
                         lead_ids: list[str]) -> tuple[list[float], int]:
    """created_at → assigned_at of each lead, as the leads service recorded them (both
    stamped by the database host's clock, so no client clock skew enters). Also returns
    how many were not assigned at all."""
    sem, spans, missing = asyncio.Semaphore(CONCURRENCY), [], 0

    async def one(lead_id: str) -> None:
        nonlocal missing
        async with sem:
            r = await client.get(f"/api/v1/leads/{lead_id}",
                                 headers={"Authorization": f"Bearer {token}"})
        lead = r.raise_for_status().json()
        if not lead.get("assigned_at"):
            missing += 1
            return
        took = (datetime.fromisoformat(lead["assigned_at"])
                - datetime.fromisoformat(lead["created_at"])).total_seconds()
        spans.append(took)

    await asyncio.gather(*(one(i) for i in lead_ids))
    return spans, missing


def _assignment_figures(spans: list[float], missing: int) -> dict[str, object]:
    return {"p50_ms": _pct(spans, 0.5) if spans else None,
            "p99_ms": _pct(spans, 0.99) if spans else None,
            "max_ms": _pct(spans, 1.0) if spans else None,
            "unassigned": missing, "target_p99_ms": 5000}


async def _settle(task: asyncio.Future[None], limit: float) -> None:
    """Wait for the watcher to see everything; leads still missing after `limit` seconds
    stay missing and show in `delivered`."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(task, limit)


async def bench(base_url: str, intake_key: str) -> dict[str, object]:
    run = uuid.uuid4().hex[:8]
    async with httpx.AsyncClient(base_url=base_url, timeout=30,
                                 limits=httpx.Limits(max_connections=CONCURRENCY * 2)) as client:
        director = (await client.post("/api/v1/auth/token", json={
            "username": "director", "password": "demo"})).raise_for_status().json()[
            "access_token"]
        tokens = {}
        for rep in REPS:
            r = await client.post("/api/v1/auth/token", json={"username": rep, "password": "demo"})
            tokens[rep] = r.raise_for_status().json()["access_token"]

        async def healthz(c: httpx.AsyncClient, _: int) -> None:
            (await c.get("/healthz")).raise_for_status()

        base_rps, base_lat = await _fire(client, REQUESTS, healthz)

        burst: dict[str, float] = {}

        async def intake(c: httpx.AsyncClient, i: int) -> None:
            r = await c.post("/api/v1/intake/web-form", json=fake_web_form(f"{run}{i}"),
                             headers={"X-Api-Key": intake_key, "Idempotency-Key": f"{run}-{i}"})
            burst[r.raise_for_status().json()["lead_id"]] = time.perf_counter()

        rps, lat = await _fire(client, REQUESTS, intake)
        burst_seen: dict[str, float] = {}
        stop = asyncio.Event()
        stop.set()  # a single sweep-until-done for the burst
        await _settle(_inbox_watch(client, tokens, burst, burst_seen, stop), 120)
        drain = max(burst_seen.values(), default=0.0) - max(burst.values())
        burst_assign = await _assignment_ms(client, director, list(burst))

        paced_seen: dict[str, float] = {}
        wanted: dict[str, float] = {}
        stop = asyncio.Event()
        watcher = asyncio.create_task(_inbox_watch(client, tokens, wanted, paced_seen, stop))
        await _paced(client, intake_key, RATE, PACED_SECONDS, run, wanted)
        stop.set()
        await _settle(watcher, 60)
        to_inbox = [paced_seen[k] - wanted[k] for k in paced_seen]
        paced_assign = await _assignment_ms(client, director, list(wanted))
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "burst": {"requests": REQUESTS, "concurrency": CONCURRENCY,
                  "intake_rps": round(rps, 1),
                  "intake_p50_ms": _pct(lat, 0.5), "intake_p99_ms": _pct(lat, 0.99),
                  "last_202_to_last_inbox_item_s": round(drain, 2),
                  "delivered": f"{len(burst_seen)}/{len(burst)}",
                  "assignment_latency": _assignment_figures(*burst_assign)},
        "paced": {"leads_per_s": RATE, "seconds": PACED_SECONDS,
                  "inbox_p50_ms": _pct(to_inbox, 0.5) if to_inbox else None,
                  "inbox_p99_ms": _pct(to_inbox, 0.99) if to_inbox else None,
                  "delivered": f"{len(paced_seen)}/{len(wanted)}",
                  "assignment_latency": _assignment_figures(*paced_assign)},
        "baseline_healthz": {"rps": round(base_rps, 1), "p50_ms": _pct(base_lat, 0.5)},
        "intake_vs_healthz_rps_ratio": round(rps / base_rps, 3),
    }


def _running(url: str) -> bool:
    try:
        return httpx.get(url + "/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def main() -> None:
    url = os.environ.get("SALESOS_BENCH_URL",
                         f"http://127.0.0.1:{os.environ.get('SALESOS_GATEWAY_PORT', '8000')}")
    key = os.environ.get("SALESOS_DEMO_INTAKE_KEY", "")
    database_url = os.environ.get("SALESOS_DATABASE_URL",
                                  "postgresql+asyncpg://salesos@127.0.0.1:55432/salesos")
    own = None
    if not _running(url):  # no `make run` here: bring up a throwaway stack of our own
        from servicekit.stack import Ports, Stack

        own = Stack(Ports.free(), Path(tempfile.mkdtemp(prefix="salesos-bench-")),
                    env={**os.environ, "SALESOS_DEMO": "1"}, say=lambda _: None)
        own.start()
        url, key = own.gateway_url, own.intake_api_key or ""
        database_url = own.database_url
    try:
        if not key:
            raise SystemExit("set SALESOS_DEMO_INTAKE_KEY to the key `make run` printed")
        results = asyncio.run(bench(url, key))
        # Last: 100k imported leads keep the assigner busy for a while after.
        if os.environ.get("SALESOS_BENCH_IMPORT", "1") == "1":
            results["import"] = asyncio.run(bench_import(url, database_url))
        print(json.dumps(results, ensure_ascii=False, indent=2))
    finally:
        if own is not None:
            own.stop()
            shutil.rmtree(own.data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
