"""`make bench`: intake throughput and latency, and how soon the owner sees the lead.

Runs against the stack at SALESOS_BENCH_URL (default: the gateway `make run` serves), or
starts its own stack on free ports when nothing answers there. Prints one JSON object.
The baseline is `/healthz` at the same concurrency in the same run, so the ratio says how
much of the gateway's capacity a real intake (auth, validation, gRPC, one transaction)
costs on this machine, whatever the machine is.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import time
import uuid
from contextlib import AsyncExitStack

import httpx

from loadtests.data import fake_web_form

REQUESTS = int(os.environ.get("SALESOS_BENCH_REQUESTS", "600"))
CONCURRENCY = int(os.environ.get("SALESOS_BENCH_CONCURRENCY", "16"))
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


async def _inbox_watch(client: httpx.AsyncClient, tokens: dict[str, str], wanted: dict[str, float],
                       seen: dict[str, float], deadline: float) -> None:
    while len(seen) < len(wanted) and time.perf_counter() < deadline:
        for token in tokens.values():
            response = await client.get("/api/v1/notifications", params={"limit": 100},
                                        headers={"Authorization": f"Bearer {token}"})
            now = time.perf_counter()
            for item in response.json().get("items", []):
                lead_id = item.get("link", "").rsplit("/", 1)[-1]
                if lead_id in wanted and lead_id not in seen:
                    seen[lead_id] = now
        await asyncio.sleep(0.02)


async def bench(base_url: str, intake_key: str) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30,
                                 limits=httpx.Limits(max_connections=CONCURRENCY * 2)) as client:
        tokens = {}
        for rep in REPS:
            r = await client.post("/api/v1/auth/token", json={"username": rep, "password": "demo"})
            tokens[rep] = r.raise_for_status().json()["access_token"]

        async def healthz(c: httpx.AsyncClient, _: int) -> None:
            (await c.get("/healthz")).raise_for_status()

        base_rps, base_lat = await _fire(client, REQUESTS, healthz)
        accepted_at: dict[str, float] = {}
        run = uuid.uuid4().hex[:8]

        async def intake(c: httpx.AsyncClient, i: int) -> None:
            r = await c.post("/api/v1/intake/web-form", json=fake_web_form(f"{run}{i}"),
                             headers={"X-Api-Key": intake_key, "Idempotency-Key": f"{run}-{i}"})
            accepted_at[r.raise_for_status().json()["lead_id"]] = time.perf_counter()

        seen: dict[str, float] = {}
        rps, lat = await _fire(client, REQUESTS, intake)
        await _inbox_watch(client, tokens, accepted_at, seen, time.perf_counter() + 60)
        to_inbox = [seen[k] - accepted_at[k] for k in seen]
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "requests": REQUESTS, "concurrency": CONCURRENCY,
        "intake_rps": round(rps, 1),
        "intake_p50_ms": _pct(lat, 0.5), "intake_p99_ms": _pct(lat, 0.99),
        "inbox_p50_ms": _pct(to_inbox, 0.5) if to_inbox else None,
        "inbox_p99_ms": _pct(to_inbox, 0.99) if to_inbox else None,
        "inbox_delivered": f"{len(seen)}/{len(accepted_at)}",
        "baseline_healthz_rps": round(base_rps, 1),
        "baseline_healthz_p50_ms": _pct(base_lat, 0.5),
        "intake_vs_baseline_rps_ratio": round(rps / base_rps, 3),
        "intake_p50_mean_ms": round(statistics.mean(lat) * 1000, 1),
    }


async def main() -> None:
    url = os.environ.get("SALESOS_BENCH_URL",
                         f"http://127.0.0.1:{os.environ.get('SALESOS_GATEWAY_PORT', '8000')}")
    key = os.environ.get("SALESOS_DEMO_INTAKE_KEY", "")
    async with AsyncExitStack() as stack:
        try:
            async with httpx.AsyncClient() as probe:
                (await probe.get(url + "/readyz", timeout=2)).raise_for_status()
        except httpx.HTTPError:
            from servicekit.runner import temporary_stack

            started = await stack.enter_async_context(temporary_stack())
            url, key = started.gateway_url, started.intake_api_key
        if not key:
            raise SystemExit("set SALESOS_DEMO_INTAKE_KEY to the key `make run` printed")
        print(json.dumps(await bench(url, key), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
