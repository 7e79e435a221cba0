"""Who may see which lead. Out of scope reads as "not found", so existence never leaks."""

from __future__ import annotations

from collections.abc import Collection

from leads.domain.model import Lead

SEE_ALL_ROLES = frozenset({"director", "admin", "service"})


def can_read(lead: Lead, *, role: str, user_id: str, region_ids: Collection[str]) -> bool:
    if role in SEE_ALL_ROLES:
        return True
    if role == "rep":
        return bool(lead.owner_id) and lead.owner_id == user_id
    if role == "manager":
        return bool(lead.region_id) and lead.region_id in region_ids
    return False
