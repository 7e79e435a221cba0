"""Who owns a reopened deal (deal_reopen): never a stopped account.

A deal lost while its rep was in post stays theirs when it is lost (a handover moves open
deals only), so by the time the customer comes back the owner may have left. Reopened as
it was, the deal would be open work owned by nobody who can log in: no reminders reach
anyone, no rep's list shows it, the funnel credits a leaver. So the reopening decides:

- `owner_id` named by the reopener (a manager picks one of their reps): that person must
  be able to hold the deal, else 422 on `owner_id`;
- otherwise the owner stays when still an active rep or manager — of the deal's region,
  or of another one a director gave the deal to (their manager, who sees their deals
  wherever those are, reopens it for them); else the leaver's handover successor
  (followed along a chain of leavers); else the reopener, when a manager of the region;
  else (a director reopening with nobody to default to) 422 asking for `owner_id`.

"Can hold" is the handover's successor rule plus the region: an active rep of the deal's
region or an active manager of it. Pure; the directory and the handovers are read by the
service layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pipeline.domain.approval_matrix import Person
from pipeline.domain.errors import InvalidField

HOLDERS = frozenset({"rep", "manager"})
MAX_HOPS = 5  # successors of successors: a region rebuilt twice is still found


def can_hold(person: Person | None, region_id: str) -> bool:
    if person is None or not person.active or person.role not in HOLDERS:
        return False
    if person.role == "manager":
        return region_id in person.managed_region_ids or person.region_id == region_id
    return person.region_id == region_id


def choose(*, region_id: str, owner_id: str, named: str, reopener_id: str,
           people: Iterable[Person], successors: Mapping[str, str]) -> Person | None:
    """The deal's owner from now on, or None when the present one stays."""
    by_id = {p.id: p for p in people}
    if named:
        if not can_hold(by_id.get(named), region_id):
            raise InvalidField("owner_id", "负责人须为该商机所在区域在岗的销售或经理")
        return None if named == owner_id else by_id[named]
    owner = by_id.get(owner_id)
    if owner is not None and can_hold(owner, owner.region_id):  # in post, wherever
        return None
    for candidate in (*_chain(owner_id, successors), reopener_id):
        if can_hold(by_id.get(candidate), region_id):
            return by_id[candidate]
    raise InvalidField("owner_id", "原负责人已停用或不在该区域，请指定本区域在岗的销售或经理"
                                   "作为重新打开后的负责人")


def _chain(owner_id: str, successors: Mapping[str, str]) -> list[str]:
    found, at = [], owner_id
    for _ in range(MAX_HOPS):
        at = successors.get(at, "")
        if not at or at in found:
            break
        found.append(at)
    return found
