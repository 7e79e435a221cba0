"""Who may change assignment: rules and rep settings, availability, reassigning leads."""

from __future__ import annotations

from collections.abc import Collection

ALL_REGIONS = frozenset({"director", "admin"})


def may_edit_rules(role: str) -> bool:
    return role == "admin"


def may_reassign(*, role: str, lead_region_id: str, region_ids: Collection[str],
                 lead_owner_id: str = "", people: Collection[str] = ()) -> bool:
    """The manager of the lead's region or of its owner (`people`: domain/access.py), a
    director or an admin."""
    if role in ALL_REGIONS:
        return True
    return role == "manager" and (
        (bool(lead_region_id) and lead_region_id in region_ids)
        or (bool(lead_owner_id) and lead_owner_id in people))


def may_hand_to(*, role: str, rep_region_id: str, region_ids: Collection[str]) -> bool:
    """Whom a reassignment may give the lead to: a manager, a rep of a region they manage
    (the rep works for them; another region's rep would hold a lead their own manager
    cannot see); a director or an admin, anyone (the handover's cross_region likewise)."""
    return role in ALL_REGIONS or (bool(rep_region_id) and rep_region_id in region_ids)


def may_set_availability(*, role: str, user_id: str, region_ids: Collection[str],
                         rep_id: str, rep_region_id: str, rep_manager_id: str) -> bool:
    """The rep themself, their manager (reporting line or managed region), director, admin."""
    if user_id == rep_id or role in ALL_REGIONS:
        return True
    return role == "manager" and (rep_manager_id == user_id or rep_region_id in region_ids)
