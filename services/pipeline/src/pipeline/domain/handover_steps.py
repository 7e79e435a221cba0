"""A deal handed to someone who approves its pending contract: nobody approves their own
contract (approval_matrix.resolve sends such a level to the owner's manager at
submission), so the successor's open steps of that round go to the step's escalation
contact, their manager — a pending one announced to them afresh (delegate_pending), a
waiting one re-pointed before it starts. A step whose approver has nobody above (the
general manager) stays: there is no one else to ask. Pure; no I/O."""

from __future__ import annotations

from datetime import datetime

from pipeline.domain.approval_steps import STEP_PENDING, WAITING, Timing
from pipeline.domain.contracts import Contract


def reroute_own_steps(c: Contract, successor_id: str, *, now: datetime,
                      timing: Timing) -> bool:
    """True when a step changed (the contract's steps and events then need saving)."""
    changed = False
    for step in c.steps:
        above = step.escalate_to_id
        if step.approver_id != successor_id or above in ("", successor_id):
            continue
        if step.status == WAITING:
            step.delegated_from = step.delegated_from or successor_id
            step.approver_id = above
            changed = True
        elif step.status == STEP_PENDING:
            changed |= c.delegate_pending(successor_id, above, now=now, timing=timing)
    return changed
