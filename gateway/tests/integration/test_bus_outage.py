"""NATS goes away under a connected gateway replica and comes back: a rep's open live
stream ends instead of going quiet, a new one is 503 with Retry-After meanwhile, /readyz
names NATS, and once NATS is back streams get pushes again on the same connection (nats-py
replays the subscription). Shutting the gateway down never waits on NATS."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import nats
import pytest
from gateway.bus import Bus
from gateway.live_inbox import LiveInbox
from gateway.main import create_app
from gateway.settings import GatewaySettings
from salesos.events.v1 import notifications_pb2 as events
from servicekit.procs import free_port

from .conftest import login
from .stub_services import Seen
from .test_live_inbox import _publish

pytestmark = pytest.mark.integration
SERVICES = ("leads", "pipeline", "workorders", "incentives", "notifications")


class Outage:
    """Stops the session's NATS; started again by the end of the test whatever happens."""

    def __init__(self, infra: Any) -> None:
        self.infra, self.down = infra, False

    async def stop(self) -> None:
        await asyncio.to_thread(self.infra.stop_nats)
        self.down = True

    async def start(self) -> None:
        await asyncio.to_thread(self.infra.start_nats)
        self.down = False


@pytest.fixture
async def outage(infra: Any) -> AsyncIterator[Outage]:
    nats = Outage(infra)
    try:
        yield nats
    finally:
        if nats.down:
            await nats.start()


async def returns_within(seconds: float, closing: Awaitable[None]) -> bool:
    """asyncio.wait, not a timeout: a hung close must fail the test, not hang it too
    (a cancel it swallows would hang asyncio.timeout as well)."""
    done, _ = await asyncio.wait({asyncio.ensure_future(closing)}, timeout=seconds)
    return bool(done)


async def until(check: Callable[[], bool | Awaitable[bool]], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not await _answer(check()):
        assert time.monotonic() < deadline, "not within the time allowed"
        await asyncio.sleep(0.2)


async def _answer(value: bool | Awaitable[bool]) -> bool:
    return await value if inspect.isawaitable(value) else value


def stored(user_id: str, title: str) -> events.InboxItemStored:
    return events.InboxItemStored(item_id=str(uuid.uuid4()), user_id=user_id, title=title)


async def test_while_nats_is_down_open_streams_end_new_ones_are_503_and_readyz_names_it(
        infra: Any, settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any],
        services: tuple[str, Seen], outage: Outage, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SERVICES:
        monkeypatch.setenv(f"SALESOS_{name.upper()}_ADDR", services[0])
    app = create_app(settings, sessions=gateway_sessions)
    hub: LiveInbox = app.state.live_inbox
    me = f"user-{uuid.uuid4()}"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://gateway") as api:
        rep = {"Authorization": f"Bearer {await login(api, 'rep01')}"}
        try:
            async with hub.listen(me) as queue:
                await _publish(infra.nats_url, stored(me, "断网前"))
                async with asyncio.timeout(10):
                    assert (await queue.get()).title == "断网前"  # type: ignore[union-attr]
                    await outage.stop()
                    assert await queue.get() is None  # the stream ends: its client comes back

            async with asyncio.timeout(5):  # a 200 stream would never end here
                refused = await api.get("/api/v1/notifications/stream", headers=rep)
            assert refused.status_code == 503, refused.text
            assert int(refused.headers["Retry-After"]) > 0
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert refused.json()["detail"] == "实时通知暂时不可用"
            ready = (await api.get("/readyz")).json()
            assert ready["missing"] == ["nats"] and ready["nats"] == "unavailable"

            await outage.start()
            await until(lambda: app.state.bus.connected)
            async with hub.listen(me) as queue:
                await _publish(infra.nats_url, stored(me, "恢复后"))
                async with asyncio.timeout(10):
                    assert (await queue.get()).title == "恢复后"  # type: ignore[union-attr]

            async def nats_ok() -> bool:
                return (await api.get("/readyz")).json()["nats"] == "ok"
            await until(nats_ok)
        finally:
            await app.state.clients.close()
            await app.state.readiness.close()
            await app.state.bus.close()


async def test_closing_returns_promptly_while_nats_has_never_been_reached(infra: Any) -> None:
    bus = Bus(f"nats://127.0.0.1:{free_port()}")  # nobody there
    assert not await bus.wait_connected(1.0)  # the connect loop is retrying meanwhile
    assert await returns_within(3, bus.close())


async def test_closing_returns_promptly_even_when_a_connect_in_flight_ignores_the_cancel(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What nats-py's connect can do on Python 3.11 (bpo-42130): the cancel lands inside
    its wait_for and is swallowed, and the try goes on as if nothing happened."""
    trying = asyncio.Event()

    async def stubborn_connect(*_args: Any, **_kwargs: Any) -> Any:
        trying.set()
        for _ in range(30):
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.sleep(0.1)
        raise OSError("nats: no servers available for connection")

    monkeypatch.setattr(nats, "connect", stubborn_connect)
    bus = Bus("nats://127.0.0.1:4222")
    bus.start()
    await trying.wait()
    assert await returns_within(2, bus.close())
    await asyncio.sleep(3.5)  # the stubborn try ends, sees the bus closed and stops


async def test_closing_returns_promptly_while_nats_is_lost_and_being_reconnected(
        infra: Any, outage: Outage) -> None:
    bus = Bus(infra.nats_url)
    assert await bus.wait_connected(5)
    await outage.stop()
    await until(lambda: not bus.connected, seconds=10)
    await asyncio.sleep(1)  # nats-py is in its reconnect loop now
    assert await returns_within(3, bus.close())
