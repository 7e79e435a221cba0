"""The page a keyset-paged list asks for, checked the same way by every service's lists
(size within bounds, a cursor we issued), each failure naming its field."""

from __future__ import annotations

from datetime import datetime

from servicekit.errors import FieldError
from servicekit.paging import InvalidCursor, decode_cursor

DEFAULT_PAGE, MAX_PAGE = 20, 100


def page_window(limit: int, cursor: str) -> tuple[int, tuple[datetime, str] | None]:
    """(page size, the (created_at, id) to continue after); 0 means the default size."""
    if not 0 <= limit <= MAX_PAGE:
        raise FieldError("limit", f"每页条数应在 1 到 {MAX_PAGE} 之间")
    try:
        return limit or DEFAULT_PAGE, decode_cursor(cursor) if cursor else None
    except InvalidCursor as error:
        raise FieldError("cursor", "分页游标无效") from error
