"""The stories' gateway client and the admin's login, one per test module on the shared
stack. A module that wants a tighter timeout keeps a `client` fixture of its own."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .helpers import login


@pytest.fixture(scope="module")
def client(stack: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def admin(client: httpx.Client) -> dict[str, str]:
    return login(client, "admin")
