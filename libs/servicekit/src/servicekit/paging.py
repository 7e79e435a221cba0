"""Keyset cursors for newest-first lists: an opaque token over (created_at, id).

Every list in SalesOS pages the same way (ORDER BY created_at DESC, id DESC and "rows
after this one"), so the token format is one, here. Pure: no I/O.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import UTC, datetime


class InvalidCursor(ValueError):
    """The token was not issued by us (or was cut short); callers name their field."""


def encode_cursor(created_at: datetime, item_id: str) -> str:
    raw = json.dumps([created_at.isoformat(), item_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        created_text, item_id = json.loads(raw)
        created_at = datetime.fromisoformat(created_text)
        uuid.UUID(item_id)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as error:
        raise InvalidCursor(token) from error
    if created_at.tzinfo is None:
        raise InvalidCursor(token)
    try:  # year 1 at +14:00 is before year 1 in UTC: the database driver failed (502)
        created_at.astimezone(UTC)
    except OverflowError as error:
        raise InvalidCursor(token) from error
    return created_at, item_id
