"""Who may see which lead: the shared rule of `servicekit.scope`. Out of scope reads as
"not found", so existence never leaks."""

from __future__ import annotations

from collections.abc import Collection

from servicekit.auth import SEES_EVERYTHING as SEE_ALL_ROLES
from servicekit.scope import can_read as _in_scope
from servicekit.scope import scope_for

from leads.domain.model import Lead

__all__ = ["SEE_ALL_ROLES", "can_read"]


def can_read(lead: Lead, *, role: str, user_id: str, region_ids: Collection[str]) -> bool:
    scope = scope_for(role=role, user_id=user_id, region_ids=region_ids)
    return _in_scope(scope, owner_id=lead.owner_id, region_id=lead.region_id)
