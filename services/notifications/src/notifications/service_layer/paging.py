"""Cursor pagination for the inbox.

The page token is opaque to clients: base64url of the last item's (created_at, id). Keyset
paging on that pair stays correct while new items arrive, unlike OFFSET.
"""

from __future__ import annotations

from datetime import datetime

from servicekit import paging as shared_cursor

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


encode_cursor = shared_cursor.encode_cursor


def decode_cursor(token: str) -> tuple[datetime, str]:
    try:
        return shared_cursor.decode_cursor(token)
    except shared_cursor.InvalidCursor as error:
        raise InvalidPageToken("page_token is not a token this service issued") from error
