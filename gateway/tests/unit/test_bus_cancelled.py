"""A gateway whose event loop closes without a clean shutdown (a process stopping, a test
runner) must not keep trying to reach NATS forever: nats-py can swallow the cancellation
of a connect in flight and fail with another error instead."""

import asyncio
from typing import Any

import pytest
from gateway.bus import Bus

from gateway import bus as bus_module


async def _swallowing_connect(*_: Any, **__: Any) -> None:
    """What nats-py does in places: the CancelledError is caught and something else raised."""
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        pass
    raise ConnectionRefusedError("nats: no servers available for connection")


async def test_a_cancelled_connect_ends_even_when_nats_swallows_the_cancellation(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bus_module.nats, "connect", _swallowing_connect)
    bus = Bus("nats://127.0.0.1:1")
    bus.start()
    connecting = bus._connecting
    assert connecting is not None
    await asyncio.sleep(0)  # inside the connect
    connecting.cancel()
    try:
        done, _ = await asyncio.wait({connecting}, timeout=5)  # a guard, not a speed target
        assert connecting in done and connecting.cancelled()
    finally:
        await bus.close()  # without the fix, what stops the endless retry
