"""Refuse request bodies over a size limit with 413, before the app buffers them.

Content-Length is checked up front; the bytes actually received are counted too, so a
chunked body (no Content-Length) or a lying header cannot get past the limit.
Unlike FastAPI's own `max_body_size`, an oversized declared body is refused before
routing, so even a route that never reads its body answers 413 as problem+json.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.problems import Problem


def _detail(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"请求体不能超过 {limit // 1024 // 1024} MB"
    return f"请求体不能超过 {limit // 1024} KiB"


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body reader lets it through to the problem handler."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _detail(limit))


def _too_large(limit: int) -> Problem:
    return Problem(413, "payload_too_large", detail=_detail(limit))


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int,
                 per_path: dict[str, int] | None = None,
                 per_pattern: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}  # exact paths with their own limit (file uploads)
        # Regular expressions for upload paths with ids in them (visit photos).
        self.per_pattern = [(re.compile(p), n) for p, n in (per_pattern or {}).items()]

    def limit_for(self, path: str) -> int:
        if path in self.per_path:
            return self.per_path[path]
        return next((n for p, n in self.per_pattern if p.match(path)), self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(limit).response()(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:  # too late to change the answer; drop the connection instead
                raise
            await _too_large(limit).response()(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
