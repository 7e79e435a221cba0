"""Cursor pagination for the inbox.

The page token is opaque to clients: base64url of the last item's (created_at, id). Keyset
paging on that pair stays correct while new items arrive, unlike OFFSET.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class InvalidPageToken(ValueError):
    pass


class InvalidPageSize(ValueError):
    pass


def page_size(requested: int) -> int:
    """0 (unset) means the default; anything above the maximum is capped."""
    if requested < 0:
        raise InvalidPageSize("page_size must not be negative")
    return min(requested or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


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
        raise InvalidPageToken("page_token is not a token this service issued") from error
    if created_at.tzinfo is None:
        raise InvalidPageToken("page_token is not a token this service issued")
    return created_at, item_id
