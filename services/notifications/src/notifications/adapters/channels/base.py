"""The interface every channel implements, and the registry the delivery job uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import httpx

from notifications.domain.delivery import DeliveryFailed, OutgoingMessage


class Channel(Protocol):
    name: str

    async def send(self, target: Mapping[str, str], message: OutgoingMessage) -> None:
        """Deliver or raise DeliveryFailed saying why (shown to admins)."""


async def post_json(client: httpx.AsyncClient, url: str, payload: object) -> dict[str, object]:
    """POST and return the JSON answer; DeliveryFailed for anything but a 2xx JSON reply."""
    try:
        response = await client.post(url, json=payload)
    except httpx.HTTPError as error:
        raise DeliveryFailed(f"{type(error).__name__}: {error}".rstrip(": ")) from error
    if response.status_code >= 300:
        raise DeliveryFailed(f"HTTP {response.status_code}: {response.text[:200]}")
    try:
        answer = response.json()
    except ValueError as error:
        raise DeliveryFailed(f"not JSON: {response.text[:200]}") from error
    return answer if isinstance(answer, dict) else {}
