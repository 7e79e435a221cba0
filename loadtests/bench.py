"""`make bench`: intake throughput and latency, and how soon the owner sees the lead.

Phases: intake against the baseline (loadtests/baseline_app.py: one FastAPI process doing
one asyncpg INSERT, started here against the same PostgreSQL) — the same web forms at the
same concurrency, alternating rounds so both see the same machine; `/healthz` at that
concurrency; then, from the intake rounds' leads, how long the pipeline takes to drain
them into the owners' inboxes; then a paced phase at a steady rate (202 → the owner's
inbox item, p50/p99, when not saturated). Both report assignment latency (the lead's
created_at → assigned_at, read back through `GET /api/v1/leads/{id}`). Then the
management numbers over a year of history (loadtests/analytics_bench.py; only that phase:
SALESOS_BENCH_ONLY=analytics), then the import (only that phase: SALESOS_BENCH_ONLY=import).
Each target is shown beside its floor from the same run: the intake rounds as CPU per web
form against what the machine can afford at the target rate (loadtests/intake_budget.py),
the import against COPY of its rows into a scratch copy of the leads tables
(loadtests/import_floor.py).

The throughput rounds use a thin keep-alive client (loadtests/rawhttp.py) rather than
httpx, which costs enough CPU per request to cap both sides on 2 cores;
SALESOS_BENCH_CLIENT=httpx measures with httpx instead.

Runs against the stack at SALESOS_BENCH_URL (default: the gateway `make run` serves), or
starts its own stack on free ports when nothing answers there; the baseline uses that
stack's database (SALESOS_BENCH_DSN overrides). Prints one JSON object.
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

from loadtests import cpu
from loadtests.analytics_bench import bench_analytics
from loadtests.baseline import baseline_server
from loadtests.data import fake_web_form
from loadtests.import_bench import bench_import
from loadtests.intake_budget import cpu_budget
from loadtests.throughput import Poster, Round, Send, run_round, summary

REQUESTS = int(os.environ.get("SALESOS_BENCH_REQUESTS", "600"))
CONCURRENCY = int(os.environ.get("SALESOS_BENCH_CONCURRENCY", "16"))
RATE = float(os.environ.get("SALESOS_BENCH_RATE", "20"))  # leads/s in the paced phase
PACED_SECONDS = float(os.environ.get("SALESOS_BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("SALESOS_BENCH_ROUNDS", "3"))  # alternating baseline/intake
CLIENT = os.environ.get("SALESOS_BENCH_CLIENT", "raw")
REPS = [f"rep{i:02d}" for i in range(1, 21)]
WEB_FORM = "/api/v1/intake/web-form"


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


async def _compare(client: httpx.AsyncClient, base_url: str, baseline_url: str, key: str,
                   run: str, tokens: dict[str, str],
                   processes: dict[str, int]) -> dict[str, object]:
    """Alternating rounds: the baseline, then the gateway, then the gateway's leads drained
    into the owners' inboxes before the next round, so no round pays for another's
    background work. Returns the figures and the gateway's accepted leads."""

    async def to_baseline(c: Poster, i: int) -> tuple[int, bytes]:
        return await c.post_json("/intake", fake_web_form(f"{run}b{i}"),
                                 {"X-Api-Key": key, "Idempotency-Key": f"{run}-b{i}"})

    def to_gateway(r: int) -> Send:
        async def send(c: Poster, i: int) -> tuple[int, bytes]:
            return await c.post_json(WEB_FORM, fake_web_form(f"{run}{r}-{i}"),
                                     {"X-Api-Key": key, "Idempotency-Key": f"{run}-{r}-{i}"})
        return send

    # Warm both (connection pools, first-use imports) with requests that are not counted.
    await run_round(CLIENT, baseline_url, 50, CONCURRENCY, to_baseline)
    await run_round(CLIENT, base_url, 50, CONCURRENCY, to_gateway(-1))
    base_rounds: list[Round] = []
    gw_rounds: list[Round] = []
    drains: list[float] = []
    accepted: dict[str, float] = {}
    seen: dict[str, float] = {}
    base_cpu: dict[str, float] = {}
    gw_cpu: dict[str, float] = {}
    base_machine: dict[str, float] = {}
    gw_machine: dict[str, float] = {}
    for r in range(ROUNDS):
        before, machine_before = cpu.snapshot(processes), cpu.machine()
        base_rounds.append(await run_round(CLIENT, baseline_url, REQUESTS, CONCURRENCY,
                                           to_baseline))
        middle, machine_middle = cpu.snapshot(processes), cpu.machine()
        gw_rounds.append(await run_round(CLIENT, base_url, REQUESTS, CONCURRENCY, to_gateway(r)))
        after, machine_after = cpu.snapshot(processes), cpu.machine()
        _add(base_machine, cpu.machine_seconds(machine_before, machine_middle))
        _add(gw_machine, cpu.machine_seconds(machine_middle, machine_after))
        _add(base_cpu, cpu.per_request_ms(before, middle, REQUESTS * ROUNDS))
        _add(gw_cpu, cpu.per_request_ms(middle, after, REQUESTS * ROUNDS))
        leads, round_seen = gw_rounds[-1].lead_ids(), {}
        accepted |= leads
        stop = asyncio.Event()
        stop.set()  # one sweep-until-done
        await _settle(_inbox_watch(client, tokens, leads, round_seen, stop), 120)
        seen |= round_seen
        if leads and round_seen:
            drains.append(max(round_seen.values()) - max(leads.values()))
    baseline, gateway = summary(base_rounds), summary(gw_rounds)
    base_share = cpu.shares({}, base_machine)
    return {"figures": {
        "client": CLIENT, "requests_per_round": REQUESTS, "concurrency": CONCURRENCY,
        "baseline_fastapi_asyncpg": baseline, "gateway_web_form": gateway,
        "rps_ratio": round(float(gateway["rps"]) / float(baseline["rps"]), 3),
        # CPU per request by process during each side's rounds (only when the bench
        # started the stack, so it knows the processes): robust where rps is not.
        "cpu_ms_per_request": {"baseline_rounds": base_cpu, "gateway_rounds": gw_cpu},
        # The whole machine's time in each side's rounds: busy near 1.0 means CPU-bound;
        # steal is time the hypervisor gave to someone else.
        "machine_share": {"baseline_rounds": base_share,
                          "gateway_rounds": cpu.shares({}, gw_machine)},
        # The target as CPU per form: budget, spent, PostgreSQL's share (intake_budget.py).
        "cpu_budget_per_form": cpu_budget(float(baseline["rps"]), base_share.get("busy"),
                                          {"baseline_rounds": base_cpu,
                                           "gateway_rounds": gw_cpu}),
        "target": {"rps_ratio": 0.5, "p99_ms": 50},
        "last_202_to_last_inbox_item_s": [round(d, 2) for d in drains],
        "delivered": f"{len(seen)}/{len(accepted)}"}, "accepted": accepted}


def _add(into: dict[str, float], more: dict[str, float]) -> None:
    for name, value in more.items():
        into[name] = round(into.get(name, 0.0) + value, 2)


async def bench(base_url: str, intake_key: str, baseline_url: str,
                processes: dict[str, int]) -> dict[str, object]:
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

        compared = await _compare(client, base_url, baseline_url, intake_key, run, tokens,
                                  processes)
        burst_assign = await _assignment_ms(client, director, list(compared["accepted"]))

        async def healthz(c: httpx.AsyncClient, _: int) -> None:
            (await c.get("/healthz")).raise_for_status()

        health_rps, health_lat = await _fire(client, REQUESTS, healthz)

        paced_seen: dict[str, float] = {}
        wanted: dict[str, float] = {}
        stop = asyncio.Event()
        watcher = asyncio.create_task(_inbox_watch(client, tokens, wanted, paced_seen, stop))
        await _paced(client, intake_key, RATE, PACED_SECONDS, run, wanted)
        stop.set()
        await _settle(watcher, 60)
        to_inbox = [paced_seen[k] - wanted[k] for k in paced_seen]
        paced_assign = await _assignment_ms(client, director, list(wanted))
    intake = compared["figures"]
    intake["assignment_latency"] = _assignment_figures(*burst_assign)
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "intake": intake,
        "paced": {"leads_per_s": RATE, "seconds": PACED_SECONDS,
                  "inbox_p50_ms": _pct(to_inbox, 0.5) if to_inbox else None,
                  "inbox_p99_ms": _pct(to_inbox, 0.99) if to_inbox else None,
                  "delivered": f"{len(paced_seen)}/{len(wanted)}",
                  "assignment_latency": _assignment_figures(*paced_assign)},
        "gateway_healthz": {"client": "httpx", "rps": round(health_rps, 1),
                            "p50_ms": _pct(health_lat, 0.5)},
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
        # "analytics" or "import": that phase alone
        only = os.environ.get("SALESOS_BENCH_ONLY", "")
        results: dict[str, object] = {"machine": f"{platform.machine()}, {os.cpu_count()} "
                                      f"cores, Python {platform.python_version()}"}
        stack_processes: dict[str, int] = {"load_generator": os.getpid()}
        if own is not None:
            stack_processes |= {name: child.pid for name, child in own.children.items()}
            for name, part in (("postgres", own.infra.postgres), ("nats", own.infra.nats)):
                if part.proc is not None:
                    stack_processes[name] = part.proc.pid
        if not only:
            with baseline_server(os.environ.get("SALESOS_BENCH_DSN", database_url)) as baseline:
                processes = {"baseline_app": baseline[1], **stack_processes}
                results = asyncio.run(bench(url, key, baseline[0], processes))
        # Before the import (whose 100k leads keep the assigner busy a while after).
        if only in ("", "analytics") and os.environ.get("SALESOS_BENCH_ANALYTICS", "1") == "1":
            env = own.child_env() if own is not None else dict(os.environ)
            results["analytics"] = asyncio.run(bench_analytics(url, env))
        # Last: 100k imported leads keep the assigner busy for a while after.
        if only in ("", "import") and os.environ.get("SALESOS_BENCH_IMPORT", "1") == "1":
            results["import"] = asyncio.run(bench_import(url, database_url, stack_processes))
        print(json.dumps(results, ensure_ascii=False, indent=2))
    finally:
        if own is not None:
            own.stop()
            shutil.rmtree(own.data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
