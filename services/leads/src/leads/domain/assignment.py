"""Who gets a new lead: the region's reps in turn, else its manager, else nobody.

The turn is a per-region cursor holding the user id of the rep who got the previous
lead. The next rep is the first one whose id sorts after the cursor, wrapping around.
Keeping the id rather than a position means a rep joining or leaving the region does
not make anyone skip a turn or get two in a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    user_id: str
    username: str


@dataclass(frozen=True)
class Decision:
    owner: Candidate | None
    reason: str
    cursor: str | None  # new value of the region's cursor; None leaves it as it was


def next_in_turn(reps: Sequence[Candidate], last_user_id: str | None) -> Candidate:
    if not reps:
        raise ValueError("next_in_turn needs at least one rep")
    ordered = sorted(reps, key=lambda rep: rep.user_id)
    if last_user_id is not None:
        for rep in ordered:
            if rep.user_id > last_user_id:
                return rep
    return ordered[0]


def decide(
    *,
    region_name: str,
    reps: Sequence[Candidate],
    managers: Sequence[Candidate],
    last_user_id: str | None,
) -> Decision:
    if reps:
        rep = next_in_turn(reps, last_user_id)
        return Decision(owner=rep, reason=f"{region_name}区域轮询分配", cursor=rep.user_id)
    if managers:
        manager = min(managers, key=lambda m: m.user_id)
        reason = f"{region_name}区域暂无在岗销售，分配给区域经理"
        return Decision(owner=manager, reason=reason, cursor=None)
    reason = f"{region_name}区域没有在岗销售或经理，无法分配"
    return Decision(owner=None, reason=reason, cursor=None)
