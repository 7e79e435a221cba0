"""Structured JSON logs on stderr, each line carrying the current trace id."""

from __future__ import annotations

import logging
import sys

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
