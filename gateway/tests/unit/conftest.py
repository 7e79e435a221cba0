from collections.abc import AsyncIterator

import httpx
import pytest

from .fake_services import gateway_with


@pytest.fixture
async def offline_client() -> AsyncIterator[httpx.AsyncClient]:
    """The app with nothing behind it: no database, no services (unreachable addresses)."""
    async with gateway_with({}) as client:
        yield client
