"""The database goes down while the leads process polls for import jobs: the operator's
log says so once, as a warning, not as an ERROR with a traceback every half second."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from leads.entrypoints import import_worker
from leads.service_layer import import_jobs


async def test_database_down_is_a_warning_and_a_real_bug_still_an_error(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    stop = asyncio.Event()
    failures: list[BaseException] = [ConnectionRefusedError(111, "Connection refused"),
                                     ConnectionRefusedError(111, "Connection refused"),
                                     KeyError("a bug")]

    async def run_next(_deps: Any, _stop: Any = None) -> bool:
        if not failures:
            stop.set()
            return False
        raise failures.pop(0)

    monkeypatch.setattr(import_jobs, "run_next", run_next)
    with caplog.at_level(logging.INFO, logger=import_worker.__name__):
        await asyncio.wait_for(import_worker.run(None, stop, idle_seconds=0.01), 5)  # type: ignore[arg-type]

    levels = [(r.levelname, r.exc_info is not None) for r in caplog.records]
    assert levels == [("WARNING", False), ("ERROR", True)]
