"""Feishu (飞书) custom bot: POST the webhook URL with a text message. With 签名校验,
`timestamp` (seconds, a string) and `sign` go into the JSON body:
sign = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")). Success is
`{"code": 0}` (older bots answer `{"StatusCode": 0}`)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping

import httpx

from notifications.adapters.channels.base import post_json
from notifications.domain.delivery import DeliveryFailed, OutgoingMessage


def sign(secret: str, timestamp: int) -> str:
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def payload(message: OutgoingMessage, secret: str, timestamp: int) -> dict[str, object]:
    body: dict[str, object] = {"msg_type": "text", "content": {"text": message.text}}
    if secret:
        body |= {"timestamp": str(timestamp), "sign": sign(secret, timestamp)}
    return body


class FeishuRobot:
    name = "feishu"

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def send(self, target: Mapping[str, str], message: OutgoingMessage) -> None:
        body = payload(message, target.get("secret", ""), int(time.time()))
        answer = await post_json(self.client, target["url"], body)
        code = answer.get("code", answer.get("StatusCode"))
        if code != 0:
            raise DeliveryFailed(f"Feishu code {code}: {answer.get('msg')}")
