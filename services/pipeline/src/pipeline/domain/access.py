"""Who may see and work a deal: the same rule as leads. Out of scope reads as "not
found", so a deal's existence never leaks."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

SEE_ALL_ROLES = frozenset({"director", "admin", "service"})
OPENER_ROLES = frozenset({"rep", "manager"})


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    owner_id: str | None = None
    region_ids: tuple[str, ...] = ()


def scope_for(*, role: str, user_id: str, region_ids: Collection[str]) -> Scope:
    if role in SEE_ALL_ROLES:
        return Scope(everything=True)
    if role == "rep":
        return Scope(owner_id=user_id or "\x00")  # no id: matches nobody
    if role == "manager":
        return Scope(region_ids=tuple(region_ids))
    return Scope()  # engineers, finance: no deals yet


def can_read(scope: Scope, *, owner_id: str, region_id: str) -> bool:
    if scope.everything:
        return True
    if scope.owner_id is not None:
        return owner_id == scope.owner_id
    return bool(region_id) and region_id in scope.region_ids


def may_work(*, role: str) -> bool:
    """Advance stages and tick steps: whoever sees the deal, except the service token
    (automation moves deals through events, not by pretending to be a person)."""
    return role in ("rep", "manager", "director", "admin")
