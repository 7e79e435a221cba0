"""Who a clock speaks to now (service_layer/clocks.py), not who held the place when the
order was opened.

An order remembers its department's supervisor, the requester's manager and the director
from its creation; days later any of them may have left (deactivated) or moved. Before a
reminder or an escalation names anyone, each stored person the directory no longer knows
as active is replaced by whoever holds that place now, and the order keeps the new one
(so the new supervisor may also assign it; acting.py does the same when someone who is
not the stored supervisor assigns or cancels, so a successor need not wait for a clock):

- the supervisor → the department's current supervisor (the directory lists only active
  members); nobody there: "" and the chain goes one level up, to the director
  (WorkOrder.notify_for);
- the director → the one the supervisor reports to, else another active director;
- the requester's manager → the requester's current manager, else "" (the supervisor is
  still told at level 2).

An assignee who left without a handover stays the order's assignee (moving work is the
handover's job), but is `away`: level 1 then goes to the supervisor. The directory down
fails the tick (OrgUnavailable is transient) and the clock fires once it answers again,
rather than at people who may have left.
"""

from __future__ import annotations

from workorders.adapters.org import OrgClient
from workorders.domain.model import WorkOrder


async def _active(org: OrgClient, user_id: str) -> bool:
    if not user_id:
        return False
    person = await org.person(user_id)
    return person is not None and person.active


async def current_chain(order: WorkOrder, org: OrgClient) -> frozenset[str]:
    """Brings the order's chain up to date; answers who it names that is still away
    (an inactive assignee)."""
    if not await _active(org, order.supervisor_id):
        department = (await org.departments()).get(order.department)
        order.supervisor_id = department.supervisor_id if department else ""
    if not await _active(org, order.director_id):
        order.director_id = await org.director_id(order.supervisor_id)
    if order.requester_manager_id and not await _active(org, order.requester_manager_id):
        requester = await org.person(order.requester_id)
        manager = requester.manager_id if requester else ""
        order.requester_manager_id = manager if await _active(org, manager) else ""
    if order.assignee_id and not await _active(org, order.assignee_id):
        return frozenset({order.assignee_id})
    return frozenset()
