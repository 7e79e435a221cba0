"""Quote discounts honour delegation as contract steps do: while an approver is away
(`PUT /me/delegation`), their delegate may decide a discount the approver could decide
(a pending quote on a deal of the approver's scope, within the approver's limit), as far
as the delegate's own limit reaches: the rule that binds a contract step's delegate
(contract_discount.power_of) binds this one. The approver keeps deciding too; the first
decision counts. Nobody decides a discount on their own deal. Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
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
           limits: Mapping[str, int],
           people: Mapping[str, Collection[str]] | None = None) -> list[Grant]:
    """The grants of the approvers away with their approvals delegated to `delegate`; none
    when the delegate may approve no discount (an admin, say). `people`: each away
    manager's people (service_layer/reach.people_of): his delegate reaches their deals in
    other regions as he does, not his regions only."""
    own = power_of(delegate, limits)
    found = []
    for approver in delegators:
        power = power_of(approver, limits)
        if own > 0 and power > 0:
            scope = scope_for(role=approver.role, user_id=approver.id,
                              region_ids=approver.managed_region_ids,
                              people=(people or {}).get(approver.id, ()))
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


def named_now(rows: Iterable[StandIn], people: Mapping[str, Person]) -> tuple[StandIn, ...]:
    """The delegations in force as the directory names and places people today: a renamed
    delegate reads under the new name, an approver given other regions holds theirs, and a
    row set before the delegation kept names (migration 20261209_delegation_names) gets
    them. An approver or delegate the directory does not know or has stopped holds
    nothing, as `grants` gives them nothing."""
    found = []
    for row in rows:
        approver, delegate = people.get(row.approver_id), people.get(row.delegate_id)
        if approver is None or delegate is None or not (approver.active and delegate.active):
            continue
        found.append(StandIn(approver.id, approver.role, approver.managed_region_ids,
                             delegate.id, delegate.role,
                             delegate.display_name or delegate.username))
    return tuple(found)


def every_director_away(people: Iterable[Person], away: Iterable[str]) -> bool:
    """Whether each active director has delegated: only then is a director's discount
    waiting for their delegates, since any director present may decide it."""
    gone = set(away)
    directors = [p.id for p in people if p.active and p.role == "director"]
    return bool(directors) and all(d in gone for d in directors)


def standing_in(stand_ins: Iterable[StandIn], quote: Quote, *, owner_id: str, region_id: str,
                limits: Mapping[str, int], directors_away: bool = False) -> tuple[str, ...]:
    """Names of the delegates who hold this pending discount for an away approver of the
    role it waits for (held_for's rule, seen from the deal's side): an away manager of the
    deal's region; a director's only when every director is away (`directors_away`), as
    any director present decides it. A delegate is named only within their own limit (a
    manager holding for a director does not take a 25 % discount, so is not named for
    it), never on their own deal. Delegations set before the row carried the approver's
    role name nobody unless the directory filled them in (named_now)."""
    held = holding(stand_ins, quote, owner_id=owner_id, region_id=region_id, limits=limits,
                   directors_away=directors_away)
    return tuple(dict.fromkeys(s.delegate_name or s.delegate_id for s in held))


def holding(stand_ins: Iterable[StandIn], quote: Quote, *, owner_id: str, region_id: str,
            limits: Mapping[str, int], directors_away: bool = False) -> tuple[StandIn, ...]:
    """The delegations under which someone holds this pending discount (standing_in's
    rule): whom to ask besides the approvers themselves."""
    if quote.state != DRAFT or quote.approval != PENDING:
        return ()
    role = quote.lowest_approver(dict(limits))
    found = []
    for s in stand_ins:
        power = limits.get(s.delegate_role, 0) if s.delegate_role in APPROVER_ROLES else 0
        scope = scope_for(role=s.approver_role, user_id=s.approver_id,
                          region_ids=s.approver_regions)
        if (s.approver_role == role and (directors_away or not scope.everything)
                and s.delegate_id != owner_id
                and quote.totals.discount_bp <= min(power, limits.get(role, 0))
                and can_read(scope, owner_id=owner_id, region_id=region_id)):
            found.append(s)
    return tuple(found)


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
