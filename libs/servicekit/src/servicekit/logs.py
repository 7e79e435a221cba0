"""Structured JSON logs on stderr, each line carrying the current trace id."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from pythonjsonlogger.json import JsonFormatter

from servicekit.telemetry import current_trace_id


class _TraceFilter(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.trace_id = current_trace_id()
        record.service = self.service
        return True


def setup_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_TraceFilter(service))
    handler.setFormatter(JsonFormatter(
        "%(levelname)s %(name)s %(message)s %(service)s %(trace_id)s",
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",  # ISO 8601 in UTC, what log pipelines parse without help
        json_ensure_ascii=False,
    ))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def describe(error: BaseException) -> str:
    """`DatabaseUnavailable <- TimeoutError`: the type of each error in the chain with its
    message, for log lines (a timeout's own message is empty, which said nothing)."""
    parts: list[str] = []
    current: BaseException | None = error
    while current is not None and len(parts) < 4:
        text = str(current)
        parts.append(f"{type(current).__name__}: {text}" if text else type(current).__name__)
        current = current.__cause__ or current.__context__
    return " <- ".join(parts)


class Throttled:
    """Logs a message that repeats (a reconnect loop's error) at most once per `every`
    seconds, with how many times it was held back since: an outage stays visible in the
    log and the log stays readable. Messages are told apart by their text."""

    MAX_KEPT = 64  # distinct texts remembered; the oldest is forgotten beyond

    def __init__(self, logger: logging.Logger, every: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._logger, self._every, self._clock = logger, every, clock
        self._last: dict[str, tuple[float, int]] = {}  # text -> (logged at, held back)

    def warning(self, message: str) -> None:
        now = self._clock()
        last = self._last.pop(message, None)
        if last is not None and now - last[0] < self._every:
            self._last[message] = (last[0], last[1] + 1)
            return
        if last is not None and last[1]:
            self._logger.warning("%s (%d more times in the last %.0f s)", message, last[1],
                                 now - last[0])
        else:
            self._logger.warning("%s", message)
        self._last[message] = (now, 0)
        if len(self._last) > self.MAX_KEPT:
            del self._last[next(iter(self._last))]
