"""Who owns a reopened deal (deal_reopen): never a stopped account.

A deal lost while its rep was in post stays theirs when it is lost (a handover moves open
deals only), so by the time the customer comes back the owner may have left. Reopened as
it was, the deal would be open work owned by nobody who can log in: no reminders reach
anyone, no rep's list shows it, the funnel credits a leaver. So the reopening decides:

- `owner_id` named by the reopener (a manager picks one of their reps): an active rep or
  manager of the deal's region, or one the reopening manager may act for — of a region he
  manages, or one of his people (his reports, wherever they are): the manager reopening
  his 华南 rep's 华东 deal may give it to another of his 华南 reps, as he could hand their
  open deals over. Anyone else is 422 on `owner_id`;
- otherwise the owner stays when still an active rep or manager — of the deal's region,
  or of another one a director gave the deal to (their manager, who sees their deals
  wherever those are, reopens it for them); else the leaver's handover successor
  (followed along a chain of leavers); else the reopener, when a manager of the region;
  else (a director reopening with nobody to default to) 422 asking for `owner_id`.

"Can hold" (unnamed) is the handover's successor rule plus the region: an active rep of the deal's
region or an active manager of it. Pure; the directory and the handovers are read by the
service layer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

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


def may_name(person: Person | None, region_id: str, *, regions: Collection[str] = (),
             reach: Collection[str] = ()) -> bool:
    """Whether the reopener may name `person`: one who can hold the deal's region, or an
    active rep or manager of the reopener's `regions` or among his people (`reach`)."""
    if person is None or can_hold(person, region_id):
        return person is not None
    return person.active and person.role in HOLDERS and (
        person.id in reach or any(can_hold(person, r) for r in regions))


def choose(*, region_id: str, owner_id: str, named: str, reopener_id: str,
           people: Iterable[Person], successors: Mapping[str, str],
           regions: Collection[str] = (), reach: Collection[str] = ()) -> Person | None:
    """The deal's owner from now on, or None when the present one stays. `regions` and
    `reach`: the reopening manager's regions and people, whom he may name too."""
    by_id = {p.id: p for p in people}
    if named:
        if not may_name(by_id.get(named), region_id, regions=regions, reach=reach):
            raise InvalidField("owner_id", "负责人须为在岗的销售或经理，且属于该商机所在区域、"
                                           "您管理的区域或您的下属")
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
