"""The `analytics` phase of `make bench`: the four management endpoints over a year of
history for 300 customers, against the gateway's /readyz (one database round trip) and
/healthz measured in the same run.

The history is loaded by `python -m pipeline seed-demo` (what `make run` does after its
seed; a no-op when already there), i.e. directly into the pipeline schema, not through
the API. Each route is asked SALESOS_BENCH_ANALYTICS_REQUESTS times (default 200) at
concurrency 1 (latency, not throughput), as the director (every deal in scope) and as
a regional manager, after 20 unmeasured warm-up requests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

REQUESTS = int(os.environ.get("SALESOS_BENCH_ANALYTICS_REQUESTS", "200"))
ROUTES = ("/readyz", "/healthz", "/api/v1/analytics/funnel", "/api/v1/analytics/cycle-time",
          "/api/v1/analytics/lost-reasons", "/api/v1/analytics/rep-activity")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)


def load_history(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "pipeline", "seed-demo"],
                          env=env | {"SALESOS_DEMO": "1"}, capture_output=True, text=True,
                          timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pipeline seed-demo failed: {done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


async def _timed(client: httpx.AsyncClient, path: str, token: str) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(20):
        (await client.get(path, headers=headers)).raise_for_status()
    spans = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        (await client.get(path, headers=headers)).raise_for_status()
        spans.append(time.perf_counter() - started)
    return {"p50_ms": _pct(spans, 0.5), "p99_ms": _pct(spans, 0.99)}


async def bench_analytics(url: str, env: dict[str, str]) -> dict[str, object]:
    loaded = load_history(env)
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        tokens = {}
        for who in ("director", "mgr-east"):
            reply = await client.post("/api/v1/auth/token",
                                      json={"username": who, "password": "demo"})
            tokens[who] = reply.raise_for_status().json()["access_token"]
        funnel = (await client.get("/api/v1/analytics/funnel", headers={
            "Authorization": f"Bearer {tokens['director']}"})).raise_for_status().json()
        figures: dict[str, object] = {}
        for path in ROUTES:
            name = path.rsplit("/", 1)[-1]
            figures[name] = await _timed(client, path, tokens["director"])
            if path.startswith("/api/"):
                figures[f"{name} (manager)"] = await _timed(client, path, tokens["mgr-east"])
    return {"seed": loaded, "deals_in_year": funnel["total"], "won": funnel["won"],
            "lost": funnel["lost"], "requests_per_route": REQUESTS, "concurrency": 1,
            "latency": figures, "target": "well under 100 ms"}
