"""Who sees which record, the same rule in every service: a rep their own, a manager
their regions (and, where the service asks the directory who they are, their people's
records wherever those are: `people`), director/admin/service everything, anyone else
nothing. Out of scope reads as "not found", so a record's existence never leaks. Pure;
no I/O.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from servicekit.auth import SEES_EVERYTHING, Principal
from servicekit.errors import PermissionDenied


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    owner_id: str | None = None
    region_ids: tuple[str, ...] = ()
    # A manager's people (their regions' and reports', as the org directory says): their
    # records too, wherever the record's region is. A service that does not ask leaves it
    # empty, and the manager sees their regions' records only.
    owner_ids: tuple[str, ...] = ()


def scope_for(*, role: str, user_id: str, region_ids: Collection[str],
              people: Collection[str] = ()) -> Scope:
    if role in SEES_EVERYTHING:
        return Scope(everything=True)
    if role == "rep":
        return Scope(owner_id=user_id or "\x00")  # no id: matches nobody
    if role == "manager":
        return Scope(region_ids=tuple(region_ids), owner_ids=tuple(sorted(set(people))))
    return Scope()  # engineers, finance: no records of this kind


def can_read(scope: Scope, *, owner_id: str, region_id: str) -> bool:
    if scope.everything:
        return True
    if scope.owner_id is not None:
        return owner_id == scope.owner_id
    return ((bool(region_id) and region_id in scope.region_ids)
            or (bool(owner_id) and owner_id in scope.owner_ids))


def needs_people(*, role: str, owner_id: str, region_id: str,
                 region_ids: Collection[str]) -> bool:
    """Whether a manager's people (`scope_for(people=…)`) can change the answer for one
    record: it is held by someone and lies outside the manager's regions. Otherwise the
    directory need not be asked who they are."""
    return (role == "manager" and bool(owner_id)
            and not (region_id and region_id in region_ids))


def handover_scope(principal: Principal, *, leaver_id: str = "",
                   people: Collection[str] = ()) -> tuple[str, ...] | None:
    """Whose records a leaver's handover may move, the same in leads, pipeline and
    workorders: director, admin and the gateway's service token every record (None); a
    manager their regions' (the rule of a manager's reassign), and every record of a
    leaver who is one of their `people` (he sees those wherever they are: a director may
    have given his rep a deal of another region); anyone else is refused."""
    if principal.role in SEES_EVERYTHING:
        return None
    if principal.role == "manager":
        if leaver_id and leaver_id in people:
            return None
        return tuple(principal.region_ids)
    raise PermissionDenied("只有管理员、总监或离职人员的经理可以交接")
