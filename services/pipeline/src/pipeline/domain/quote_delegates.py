"""Quote discounts honour delegation as contract steps do: while an approver is away
(`PUT /me/delegation`), their delegate may decide a discount the approver could decide
(a pending quote on a deal of the approver's scope, within the approver's limit), as far
as the delegate's own limit reaches: the rule that binds a contract step's delegate
(contract_discount.power_of) binds this one. The approver keeps deciding too; the first
decision counts. Nobody decides a discount on their own deal. Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from servicekit.scope import Scope, can_read, scope_for

from pipeline.domain.approval_matrix import Person
from pipeline.domain.contract_discount import power_of
from pipeline.domain.pricing import APPROVER_ROLES
from pipeline.domain.quotes import APPROVED, DRAFT, PENDING, REJECTED, Quote


@dataclass(frozen=True)
class Grant:
    """What one away approver hands their delegate: the pending discounts of the deals in
    `scope`, up to `max_bp` (the smaller of the two people's limits)."""

    approver_id: str
    scope: Scope
    max_bp: int


def grants(delegators: Iterable[Person], delegate: Person | None,
           limits: Mapping[str, int]) -> list[Grant]:
    """The grants of the approvers away with their approvals delegated to `delegate`; none
    when the delegate may approve no discount (an admin, say)."""
    own = power_of(delegate, limits)
    found = []
    for approver in delegators:
        power = power_of(approver, limits)
        if own > 0 and power > 0:
            scope = scope_for(role=approver.role, user_id=approver.id,
                              region_ids=approver.managed_region_ids)
            found.append(Grant(approver.id, scope, min(own, power)))
    return found


@dataclass(frozen=True)
class StandIn:
    """An active delegation as a quote's readers see it (the delegations row, written with
    the directory's answer when it was set, so a plain read asks no directory)."""

    approver_id: str
    approver_role: str
    approver_regions: tuple[str, ...]
    delegate_id: str
    delegate_role: str
    delegate_name: str


def standing_in(stand_ins: Iterable[StandIn], quote: Quote, *, owner_id: str, region_id: str,
                limits: Mapping[str, int]) -> tuple[str, ...]:
    """Names of the delegates who hold this pending discount for an away approver of the
    role it waits for (held_for's rule, seen from the deal's side). Only an approver of
    the deal's region counts: a director answers for every deal, as the other directors
    do, so one director away does not make the rep's discount wait for their delegate.
    Delegations set before the row carried the approver's role name nobody."""
    if quote.state != DRAFT or quote.approval != PENDING:
        return ()
    role = quote.lowest_approver(dict(limits))
    names = []
    for s in stand_ins:
        power = limits.get(s.delegate_role, 0) if s.delegate_role in APPROVER_ROLES else 0
        scope = scope_for(role=s.approver_role, user_id=s.approver_id,
                          region_ids=s.approver_regions)
        if (s.approver_role == role and not scope.everything and s.delegate_id != owner_id
                and quote.totals.discount_bp <= min(power, limits.get(role, 0))
                and can_read(scope, owner_id=owner_id, region_id=region_id)):
            names.append(s.delegate_name or s.delegate_id)
    return tuple(dict.fromkeys(names))


def held_for(grant_list: Iterable[Grant], quote: Quote, *, owner_id: str, region_id: str,
             delegate_id: str, decided_too: bool = False) -> Grant | None:
    """The grant under which the delegate may decide this quote's discount, if any.
    `decided_too`: also one the approver has already decided (deciding it again is then a
    409 naming the first decision, not a 404 as if the delegate had never held it)."""
    states = (PENDING, APPROVED, REJECTED) if decided_too else (PENDING,)
    if quote.state != DRAFT or quote.approval not in states or owner_id == delegate_id:
        return None
    return next((g for g in grant_list if quote.totals.discount_bp <= g.max_bp
                 and can_read(g.scope, owner_id=owner_id, region_id=region_id)), None)
