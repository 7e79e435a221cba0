"""Starts the yardstick (`loadtests/baseline_app.py`) for one bench run: uvicorn in a
subprocess on a free port, against the same PostgreSQL as the stack under test.

uvicorn is started the way anyone would run a minimal FastAPI app (its CLI defaults:
uvloop and httptools when installed, one worker process), so the baseline is what the
issue describes and not a tuned server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from servicekit.devstack import free_port


def plain_dsn(database_url: str) -> str:
    """SQLAlchemy's `postgresql+asyncpg://` URL as the DSN asyncpg itself takes."""
    return database_url.replace("postgresql+asyncpg://", "postgresql://", 1)


@contextmanager
def baseline_server(database_url: str, *, timeout: float = 30.0) -> Iterator[tuple[str, int]]:
    """Yields the base URL and pid of a running baseline app; stops it afterwards."""
    port = free_port()
    env = {**os.environ, "SALESOS_BASELINE_DSN": plain_dsn(database_url)}
    child = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "loadtests.baseline_app:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        env=env, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, child, timeout)
        yield url, child.pid
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _wait_ready(url: str, child: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"baseline app exited with {child.returncode}")
        try:
            if httpx.get(url + "/openapi.json", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"baseline app not ready at {url} after {timeout:.0f}s")
