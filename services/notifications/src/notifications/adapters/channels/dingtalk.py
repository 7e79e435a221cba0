"""DingTalk (钉钉) custom robot: POST the webhook URL (access_token inside) with a markdown
message. With 加签, `timestamp` (ms) and `sign` go into the query string:
sign = urlencode(base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")))."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping
from urllib.parse import quote_plus

import httpx

from notifications.adapters.channels.base import post_json
from notifications.domain.delivery import DeliveryFailed, OutgoingMessage


def sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(),
                      hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    if not secret:
        return url
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={quote_plus(sign(secret, timestamp_ms))}"


def payload(message: OutgoingMessage) -> dict[str, object]:
    text = f"### {message.title}\n\n{message.body}"
    if message.link:
        text += f"\n\n[查看详情]({message.link})"
    return {"msgtype": "markdown", "markdown": {"title": message.title, "text": text}}


class DingTalkRobot:
    name = "dingtalk"

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def send(self, target: Mapping[str, str], message: OutgoingMessage) -> None:
        url = signed_url(target["url"], target.get("secret", ""), int(time.time() * 1000))
        answer = await post_json(self.client, url, payload(message))
        if answer.get("errcode") != 0:
            raise DeliveryFailed(
                f"DingTalk errcode {answer.get('errcode')}: {answer.get('errmsg')}")
