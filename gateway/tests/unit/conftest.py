from collections.abc import AsyncIterator

import httpx
import pytest
from gateway.main import create_app
from gateway.settings import GatewaySettings

from .fake_services import NoneRetired


@pytest.fixture
async def offline_client() -> AsyncIterator[httpx.AsyncClient]:
    """The app with nothing behind it: no database, no services (unreachable addresses)."""
    settings = GatewaySettings(demo=True, database_url="postgresql+asyncpg://x@127.0.0.1:1/x",
                               grpc_timeout_seconds=0.5)
    app = create_app(settings)
    app.state.token_cutoffs = NoneRetired()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
        yield client
    await app.state.clients.close()
