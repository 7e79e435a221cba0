"""leads.unassigned: no active rep could take a lead (a region with nobody in it, everyone
away or at their daily cap). Left alone it waits unseen in the list while the customer
cools; the managers of its region must place it by hand, or the directors when the region
has no manager (resolved through the OrgDirectory, notices.Notice.region_managers)."""

from __future__ import annotations

from typing import Any

from notifications.domain import coded_texts
from notifications.domain.customer_returned import CHANNEL_NAMES
from notifications.domain.notices import Notice

UNASSIGNABLE = "lead_unassignable"
# A rep's manual entry placed with the rep (leads' intake): the event's reason code, and
# its zh text for events from before the codes.
SELF_ENTERED, SELF_ENTERED_TEXT = "self_entered", "销售手工录入，归录入人跟进"


def self_entered(e: Any) -> bool:
    """leads.assigned of a lead its owner entered themselves: they are the one who caused
    it and saw the answer, so 「新线索已分配给您」 would be noise. leads.assigned names no
    actor; this is the only assignment whose owner is its actor."""
    if e.reasons:
        return any(r.code == SELF_ENTERED for r in e.reasons)
    return e.reason == SELF_ENTERED_TEXT


def source_shown(source: str, directory_name: str) -> str:
    """How a lead's source reads: manual and import as every notice words them, an intake
    source by the name the admin gave it (asked of the directory), else its code."""
    return CHANNEL_NAMES["zh-CN"].get(source) or directory_name or source or "-"


def unassignable(e: Any) -> list[Notice]:
    """The reason reads in each reader's language (coded_texts); `source` is the code
    until notify.py names it (source_shown)."""
    params = {"company": e.company or "-", "name": e.name,
              "source": source_shown(e.source, ""),
              "reason": coded_texts.unassignable(e.reason.rstrip("。.") or "-", e.reasons)}
    return [Notice(UNASSIGNABLE, params, f"/leads/{e.lead_id}",
                   region_managers=(e.region_id,), urgent=False)]


BY_TYPE = {"leads.unassigned": unassignable}
