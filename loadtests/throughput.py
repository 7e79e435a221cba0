"""Closed-loop throughput rounds: `concurrency` workers, each sending its next request
as soon as the previous answer arrived, until `n` requests are done."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

import httpx

from loadtests.rawhttp import RawClient


class Poster(Protocol):
    async def post_json(self, path: str, body: object,
                        headers: dict[str, str]) -> tuple[int, bytes]: ...

    async def close(self) -> None: ...


class HttpxPoster:
    """httpx behind the same two calls, to compare what the client itself costs."""

    def __init__(self, base_url: str) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=30)

    async def post_json(self, path: str, body: object,
                        headers: dict[str, str]) -> tuple[int, bytes]:
        response = await self._client.post(path, json=body, headers=headers)
        return response.status_code, response.content

    async def close(self) -> None:
        await self._client.aclose()


def poster(kind: str, base_url: str) -> Poster:
    return HttpxPoster(base_url) if kind == "httpx" else RawClient(base_url)


Send = Callable[[Poster, int], Awaitable[tuple[int, bytes]]]


class Round:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.bodies: list[tuple[bytes, float]] = []  # 2xx answers with the time they came
        self.rps = 0.0

    def lead_ids(self) -> dict[str, float]:
        return {json.loads(body)["lead_id"]: at for body, at in self.bodies}


async def run_round(kind: str, base_url: str, n: int, concurrency: int, send: Send) -> Round:
    result, next_index = Round(), iter(range(n))

    async def worker() -> None:
        client = poster(kind, base_url)
        try:
            for i in next_index:
                started = time.perf_counter()
                status, body = await send(client, i)
                done = time.perf_counter()
                result.latencies.append(done - started)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    result.bodies.append((body, done))
        finally:
            await client.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.rps = n / (time.perf_counter() - started)
    return result


def pct_ms(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


def summary(rounds: list[Round]) -> dict[str, object]:
    """Median round's requests/s; percentiles over every request of every round."""
    latencies = [x for r in rounds for x in r.latencies]
    statuses: dict[str, int] = {}
    for r in rounds:
        for status, count in r.statuses.items():
            statuses[str(status)] = statuses.get(str(status), 0) + count
    return {"rps": round(statistics.median(r.rps for r in rounds), 1),
            "rps_per_round": [round(r.rps, 1) for r in rounds],
            "p50_ms": pct_ms(latencies, 0.5), "p99_ms": pct_ms(latencies, 0.99),
            "statuses": statuses}
