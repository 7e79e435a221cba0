"""Request body limits: 64 KiB by default, larger on the upload paths.

`Edge` (edge.py) refuses a declared `Content-Length` over the path's limit with 413 before
routing, and counts the bytes actually received, so a chunked body (no Content-Length) or
a lying header cannot get past the limit either. Unlike FastAPI's own `max_body_size`, an
oversized declared body is refused before routing, so even a route that never reads its
body answers 413 as problem+json.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException

from gateway.problems import Problem


def _detail(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"请求体不能超过 {limit // 1024 // 1024} MB"
    return f"请求体不能超过 {limit // 1024} KiB"


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body reader lets it through to the problem handler."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _detail(limit))
        self.limit = limit


def too_large(limit: int) -> Problem:
    # Named like every other fault of a request's body, so a client shows it by the form.
    return Problem(413, "payload_too_large", detail=_detail(limit), field="body")


class BodyLimits:
    def __init__(self, max_bytes: int, per_path: dict[str, int] | None = None,
                 per_pattern: dict[str, int] | None = None) -> None:
        self.max_bytes = max_bytes
        self.per_path = per_path or {}  # exact paths with their own limit (file uploads)
        # Regular expressions for upload paths with ids in them (visit photos).
        self.per_pattern = [(re.compile(p), n) for p, n in (per_pattern or {}).items()]

    def limit_for(self, path: str) -> int:
        if path in self.per_path:
            return self.per_path[path]
        return next((n for p, n in self.per_pattern if p.match(path)), self.max_bytes)
