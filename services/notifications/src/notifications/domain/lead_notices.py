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


def unassignable(e: Any) -> list[Notice]:
    """The reason reads in each reader's language (coded_texts)."""
    params = {"company": e.company or "-", "name": e.name,
              "source": CHANNEL_NAMES["zh-CN"].get(e.source, e.source or "-"),
              "reason": coded_texts.unassignable(e.reason.rstrip("。.") or "-", e.reasons)}
    return [Notice(UNASSIGNABLE, params, f"/leads/{e.lead_id}",
                   region_managers=(e.region_id,), urgent=False)]


BY_TYPE = {"leads.unassigned": unassignable}
