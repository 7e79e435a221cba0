"""While NATS is down nats-py reports a failed reconnect twice a second: an operator
reading a service's log sees the outage once per interval, with how often it repeated,
not a wall of identical lines."""

from __future__ import annotations

import logging

import pytest
from servicekit.logs import Throttled
from servicekit.messaging import ERROR_LOG_EVERY_SECONDS, Bus


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_repeating_error_is_logged_once_per_interval_with_its_count(
        caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    throttled = Throttled(logging.getLogger("t"), every=30, clock=clock)
    with caplog.at_level(logging.WARNING):
        for _ in range(61):  # 30 s of an error every 0.5 s
            throttled.warning("nats: [Errno 111] Connection refused")
            clock.now += 0.5
        throttled.warning("nats: another error")  # a different error is not held back
    assert [r.getMessage() for r in caplog.records] == [
        "nats: [Errno 111] Connection refused",
        "nats: [Errno 111] Connection refused (59 more times in the last 30 s)",
        "nats: another error",
    ]


async def test_the_nats_connection_errors_of_a_service_are_throttled(
        caplog: pytest.LogCaptureFixture) -> None:
    bus = Bus("nats://127.0.0.1:1", name="leads")
    with caplog.at_level(logging.WARNING, logger="servicekit.messaging"):
        for _ in range(10):  # five seconds' worth of reconnects
            await bus._on_error(ConnectionRefusedError(111, "Connection refused"))
    assert len(caplog.records) == 1 and ERROR_LOG_EVERY_SECONDS >= 10
