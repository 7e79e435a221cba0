import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from gateway.clients import Clients
from gateway.main import create_app
from gateway.seed import seed_demo_company
from gateway.settings import GatewaySettings, get_settings
from servicekit.testing.grpc import grpc_serving
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .stub_services import Seen, register

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def gateway_sessions(
    infra: Any, db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> Sessions:
    """Sessions on the gateway schema, inside a transaction rolled back after the test."""
    return await db_sessionmaker("gateway")


@pytest.fixture
async def seeded(gateway_sessions: Sessions) -> dict[str, Any]:
    return await seed_demo_company(gateway_sessions, demo=True, intake_key=None)


@pytest.fixture
def settings(infra: Any) -> GatewaySettings:
    # A test's sessions share one connection (savepoints, rolled back after the test): a
    # rate-limit sync running in the background beside a request's own statements would
    # interleave on it. Here a window's first sync — awaited by its request — is the only
    # one (test_intake_guard exercises the background syncs on limiters of its own).
    return get_settings().model_copy(update={"grpc_timeout_seconds": 1.0,
                                             "intake_rate_sync_seconds": 3600.0})


@pytest.fixture
async def api(settings: GatewaySettings, gateway_sessions: Sessions,
              seeded: dict[str, Any]) -> AsyncIterator[httpx.AsyncClient]:
    """The REST app in-process on the real database, seeded with the demo company."""
    app = create_app(settings, sessions=gateway_sessions)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client
    await app.state.clients.close()


async def login(api: httpx.AsyncClient, username: str, password: str = "demo") -> str:
    response = await api.post("/api/v1/auth/token",
                              json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


async def first_login(api: httpx.AsyncClient, username: str, temporary: str,
                      own: str = "Own-Choice-2026") -> str:
    """Someone an admin created logs in the first time: the admin's password is temporary
    and opens only the password change, so they choose `own`; the token after it."""
    answer = await api.post("/api/v1/auth/token",
                            json={"username": username, "password": temporary})
    assert answer.status_code == 200, answer.text
    assert answer.json()["must_change_password"] is True
    changed = await api.post("/api/v1/me/password", json={
        "current_password": temporary, "new_password": own},
        headers={"Authorization": f"Bearer {answer.json()['access_token']}"})
    assert changed.status_code == 200, changed.text
    return str(changed.json()["access_token"])


@pytest.fixture
async def services(settings: GatewaySettings) -> AsyncIterator[tuple[str, Seen]]:
    seen = Seen()
    async with grpc_serving(settings, lambda server: register(server, seen)) as addr:
        yield addr, seen


async def gateway_client(settings: GatewaySettings, sessions: Any, addr: str
                         ) -> tuple[httpx.AsyncClient, Clients]:
    """The REST app in-process with its gRPC clients pointed at `addr`."""
    clients = Clients(leads_addr=addr, notifications_addr=addr, timeout=2.0,
                      jwt_secret=settings.jwt_secret.get_secret_value())
    app = create_app(settings, sessions=sessions, clients=clients)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                             base_url="http://gateway"), clients


@pytest.fixture
async def gw(settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any],
             services: tuple[str, Seen]) -> AsyncIterator[httpx.AsyncClient]:
    client, clients = await gateway_client(settings, gateway_sessions, services[0])
    async with client:
        yield client
    await clients.close()


@pytest.fixture
def key(seeded: dict[str, Any]) -> dict[str, str]:
    return {"X-Api-Key": seeded["intake_api_key"]}


async def early_in_a_minute() -> None:
    """Failed logins are limited per clock minute: ten failures straddling a minute's end
    fall in two windows and never reach ten, so such a story starts with the minute
    mostly ahead (waiting at most 20 s)."""
    left = 60 - datetime.now(UTC).second
    if left < 20:
        await asyncio.sleep(left + 0.2)
