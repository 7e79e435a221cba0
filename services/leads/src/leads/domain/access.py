"""Who may see which lead: the shared rule of `servicekit.scope`. Out of scope reads as
"not found", so existence never leaks.

A manager sees the leads of their regions and the leads their people hold (reps of their
regions and those reporting to them, `people`, as the org directory says): a director
may hand a 华东 customer to a 华南 rep, and the lead keeps its region (the customer's
province), yet it is that rep's manager who follows up on the rep's work."""

from __future__ import annotations

from collections.abc import Collection

from servicekit.auth import SEES_EVERYTHING as SEE_ALL_ROLES
from servicekit.scope import can_read as _in_scope
from servicekit.scope import needs_people as _needs_people
from servicekit.scope import scope_for

from leads.domain.model import Lead

__all__ = ["SEE_ALL_ROLES", "can_read", "needs_people"]


def can_read(lead: Lead, *, role: str, user_id: str, region_ids: Collection[str],
             people: Collection[str] = ()) -> bool:
    scope = scope_for(role=role, user_id=user_id, region_ids=region_ids, people=people)
    return _in_scope(scope, owner_id=lead.owner_id, region_id=lead.region_id)


def needs_people(lead: Lead, *, role: str, region_ids: Collection[str]) -> bool:
    """Whether a manager's people can change the answer for this lead: it is held by
    someone and lies outside the manager's regions. Otherwise nobody need be asked."""
    return _needs_people(role=role, owner_id=lead.owner_id, region_id=lead.region_id,
                         region_ids=region_ids)
