"""JetStream acks for the relay's publishes: one reply subscription, one future a message.

nats-py's `publish_async` does the same job per message with a semaphore taken through
`asyncio.wait_for`, a random token and a done-callback; for a relay that publishes a
batch and then waits for all of its acks, those were much of a publish's client cost
(30-37 µs of CPU a message against 19-23 µs this way: 20,000 messages in batches of
200, three rounds against a local nats-server). The rules are
the ones `publish_async` applies to a reply: a "no responders" status (no stream takes the
subject) or an `error` in the JSON is a failure (at once, where `publish_async` let the
error escape its callback and the publish waited for its time-out), anything else is
JetStream's PubAck (a duplicate included: the message is stored once).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.errors import APIError, NoStreamResponseError

_NO_RESPONDERS = "503"


class AckInbox:
    """Where JetStream answers one connection's publishes."""

    def __init__(self) -> None:
        self._nc: Client | None = None
        self._prefix = ""
        self._next = 0
        self._waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}

    async def publish(self, nc: Client, subject: str, payload: bytes,
                      headers: dict[str, str]) -> asyncio.Future[dict[str, Any]]:
        """Publishes; the future resolves with the PubAck or fails with the reply's error."""
        if nc is not self._nc:  # first use, or a new connection: its own subscription
            self._prefix, self._nc = f"{nc.new_inbox()}.", nc
            self._waiting.clear()
            await nc.subscribe(f"{self._prefix}*", cb=self._answered)
        self._next += 1
        reply = f"{self._prefix}{self._next}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[reply] = future
        try:
            await nc.publish(subject, payload, reply=reply, headers=headers)
        except BaseException:
            del self._waiting[reply]
            raise
        return future

    def forget(self, futures: list[asyncio.Future[dict[str, Any]]]) -> None:
        """Drops the futures given up on (no ack in time), so late answers find nothing."""
        if not futures:
            return
        gone = {id(f) for f in futures}
        for reply in [r for r, f in self._waiting.items() if id(f) in gone]:
            del self._waiting[reply]

    async def _answered(self, msg: Msg) -> None:
        future = self._waiting.pop(msg.subject, None)
        if future is None or future.done():
            return
        if msg.headers and msg.headers.get("Status") == _NO_RESPONDERS:
            future.set_exception(NoStreamResponseError())
            return
        answer = json.loads(msg.data)
        if "error" not in answer:
            future.set_result(answer)
            return
        try:  # raises the error's class (publish_async let it escape: no answer, a time-out)
            APIError.from_error(answer["error"])
        except APIError as error:
            future.set_exception(error)
