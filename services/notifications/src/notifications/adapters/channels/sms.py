"""SMS through a provider interface: `log` (demo: the text goes to the log) or `http`
(a gateway that takes {"to", "text"} as JSON with a bearer token, as most mainland SMS
aggregators' HTTP APIs can be fronted)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx

from notifications.adapters.channels.base import post_json
from notifications.domain.delivery import DeliveryFailed, OutgoingMessage

log = logging.getLogger(__name__)


class LogSms:
    name = "sms"

    async def send(self, target: Mapping[str, str], message: OutgoingMessage) -> None:
        log.info("SMS to %s: %s", target["to"], message.body)


class HttpSms:
    name = "sms"

    def __init__(self, client: httpx.AsyncClient, url: str, token: str) -> None:
        self.client, self.url = client, url
        if token:
            client.headers["Authorization"] = f"Bearer {token}"

    async def send(self, target: Mapping[str, str], message: OutgoingMessage) -> None:
        if not self.url:
            raise DeliveryFailed("SALESOS_SMS_URL is not set")
        answer = await post_json(self.client, self.url, {"to": target["to"],
                                                         "text": message.body})
        if answer.get("ok") is False:
            raise DeliveryFailed(f"SMS provider: {answer.get('error', 'refused')}")
