"""How a problem names a request header: the way the API documents it and clients send
it (`Idempotency-Key`), whatever spelling produced the error.

FastAPI names a header parameter by its lower-case alias (`idempotency-key`), while the
checks of our own (a reused Idempotency-Key, a stale If-Match, a bad X-Signature) write
the canonical name; a client matching on `field` must see one name for one header.
HTTP header names are case-insensitive, so the canonical spelling is ours to choose:
each hyphen-separated word capitalised, except the names whose usual spelling is not.
"""

from __future__ import annotations

# Spelled as their specifications and our docs do, not word-capitalised.
_IRREGULAR = {"last-event-id": "Last-Event-ID", "etag": "ETag", "www-authenticate":
              "WWW-Authenticate", "traceparent": "traceparent", "tracestate": "tracestate"}


def header_name(name: str) -> str:
    """`idempotency-key` → `Idempotency-Key`, `x_api_key` → `X-Api-Key`,
    `last-event-id` → `Last-Event-ID`."""
    lowered = name.strip().lower().replace("_", "-")
    return _IRREGULAR.get(lowered) or "-".join(w.capitalize() for w in lowered.split("-"))
