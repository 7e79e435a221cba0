"""WeCom (企业微信) group robot: POST the webhook URL (the `key` is in it) with a
markdown message; success is `{"errcode": 0}` in a 200 answer."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from notifications.adapters.channels.base import post_json
from notifications.domain.delivery import DeliveryFailed, OutgoingMessage


def payload(message: OutgoingMessage) -> dict[str, object]:
    lines = [f"**{message.title}**", message.body]
    if message.link:
        lines.append(f"[查看详情]({message.link})")
    return {"msgtype": "markdown", "markdown": {"content": "\n".join(lines)}}


class WeComRobot:
    name = "wecom"

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def send(self, target: Mapping[str, str], message: OutgoingMessage) -> None:
        answer = await post_json(self.client, target["url"], payload(message))
        if answer.get("errcode") != 0:
            raise DeliveryFailed(f"WeCom errcode {answer.get('errcode')}: {answer.get('errmsg')}")
