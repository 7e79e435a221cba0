"""Which leads a list shows: the caller's scope, the filters, and the page cursor.

Scope (the same rule as reading one lead): rep -> own leads; manager -> leads of the
regions in the token; director, admin and service -> all; anyone else -> nothing.
The cursor is opaque to clients: base64url of the last lead's (created_at, id); keyset
paging on that pair, newest first, stays correct while new leads arrive (OFFSET would not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from servicekit import paging as shared_cursor

from leads.domain.lifecycle import CONTACTED, DISQUALIFIED, QUALIFIED
from leads.domain.model import ASSIGNED, NEW, UNASSIGNABLE
from leads.domain.normalise import InvalidField, half_width, without_controls

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY = 20, 100, 100
# What a lead's status can be: any other value (a typo) would list nothing, read as "none".
STATUSES = (NEW, ASSIGNED, UNASSIGNABLE, CONTACTED, QUALIFIED, DISQUALIFIED)


@dataclass(frozen=True)
class LeadFilter:
    status: str = ""
    owner_id: str = ""
    region_id: str = ""
    source: str = ""
    overdue: bool | None = None
    created_from: datetime | None = None  # inclusive
    created_to: datetime | None = None  # exclusive
    q: str = ""

    def checked(self) -> LeadFilter:
        # A control character can be in no stored value (NUL would even fail the query).
        q = half_width(without_controls(self.q))
        if len(q) > MAX_QUERY:
            raise InvalidField("q", f"搜索词不能超过 {MAX_QUERY} 个字符")
        if self.created_from and self.created_to and self.created_from >= self.created_to:
            raise InvalidField("created_to", "结束时间必须晚于开始时间")
        status, owner_id, region_id, source = (
            without_controls(v).strip()
            for v in (self.status, self.owner_id, self.region_id, self.source))
        # Sources are stored as lower-case codes (lead_input._SOURCE): "Baidu" or a
        # full-width ＷＥＢ＿ＦＯＲＭ typed into a filter means that code, not "no leads".
        source = half_width(source).lower()
        if status and status not in STATUSES:
            raise InvalidField("status", f"状态应为以下之一：{'、'.join(STATUSES)}")
        return LeadFilter(status, owner_id, region_id, source, self.overdue,
                          self.created_from, self.created_to, q)


def page_size(requested: int) -> int:
    if requested < 0 or requested > MAX_PAGE_SIZE:
        raise InvalidField("limit", f"每页条数应在 1 到 {MAX_PAGE_SIZE} 之间")
    return requested or DEFAULT_PAGE_SIZE


encode_cursor = shared_cursor.encode_cursor


def decode_cursor(token: str) -> tuple[datetime, str]:
    try:
        return shared_cursor.decode_cursor(token)
    except shared_cursor.InvalidCursor as error:
        raise InvalidField("cursor", "分页游标无效") from error
