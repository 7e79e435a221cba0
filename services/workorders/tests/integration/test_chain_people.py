"""An escalation never goes to a stopped account: the department supervisor or director
who left since the order was opened is replaced by whoever holds that place now, and with
nobody in the place, the step goes one level up (supervisor → director)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from salesos.events.v1 import workorders_pb2 as ev
from salesos.org.v1 import org_pb2
from salesos.workorders.v1 import workorders_pb2 as pb

from .conftest import ENG
from .test_clocks_and_consumer import MONDAY_10, at, new_order, outbox, tick

pytestmark = pytest.mark.integration
Meta = Callable[[str], tuple[tuple[str, str], ...]]


@pytest.fixture
def org_changes(org: Any, clock: Any) -> Iterator[Any]:
    """Monday 10:00, and the directory as it was before the story afterwards (the double
    is shared)."""
    users, supervisors = dict(org.users), dict(org.supervisors)
    clock.now = MONDAY_10
    yield org
    clock.now = None
    org.users.clear()
    org.users.update(users)
    org.supervisors.clear()
    org.supervisors.update(supervisors)


def leaves(org: Any, user_id: str) -> None:
    left = org_pb2.User()
    left.CopyFrom(org.users[user_id])
    left.active = False
    org.users[user_id] = left


async def escalations(stub: Any, as_user: Meta, order_id: str) -> list[tuple[int, list[str]]]:
    seen = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order_id),
                                   metadata=as_user("director"))
    return [(e.level, list(e.notify_ids)) for e in seen.escalations]


async def test_the_supervisor_leaves_and_level_2_goes_to_the_new_supervisor_who_may_assign(
        org_changes: Any, stub: Any, as_user: Meta, deps: Any, sessions: Any) -> None:
    order = await new_order(stub, as_user)  # opened while eng-lead supervises 技术部
    leaves(org_changes, "eng-lead")
    org_changes.supervisors[ENG] = "eng1"  # the directory now names eng1
    await tick(deps, sessions, at(30, 15, 31))
    await tick(deps, sessions, at(30, 17, 31))
    assert await escalations(stub, as_user, order.id) == [
        (1, ["eng1"]), (2, ["eng1", "mgr-east"])]
    assigned = await stub.AssignWorkOrder(pb.ActRequest(
        work_order_id=order.id, assignee_id="eng2"), metadata=as_user("eng1"))
    assert assigned.assignee_id == "eng2"


async def test_a_department_left_without_supervisor_escalates_to_an_active_director(
        org_changes: Any, stub: Any, as_user: Meta, deps: Any, sessions: Any) -> None:
    order = await new_order(stub, as_user)
    org_changes.users["gm"] = org_pb2.User(id="gm", username="gm", role="director",
                                           active=True)
    for gone in ("eng-lead", "director"):
        leaves(org_changes, gone)
    org_changes.supervisors[ENG] = ""  # nobody active leads 技术部 now
    await tick(deps, sessions, at(30, 15, 31))
    await tick(deps, sessions, at(30, 17, 31))
    await tick(deps, sessions, at(31, 12))
    assert await escalations(stub, as_user, order.id) == [
        (1, ["gm"]), (2, ["gm", "mgr-east"]), (3, ["gm"])]


async def reminded(sessions: Any, order_id: str) -> list[tuple[str, list[str]]]:
    found = []
    for envelope in await outbox(sessions, order_id, "workorders.reminded"):
        said = ev.WorkOrderReminded()
        envelope.payload.Unpack(said)
        found.append((said.reason, list(said.notify_ids)))
    return found


async def test_reminders_skip_people_who_left_for_who_must_act_now(
        org_changes: Any, stub: Any, as_user: Meta, deps: Any, sessions: Any) -> None:
    """Nobody leads 技术部: the response reminder goes to the director. An engineer who
    accepted and then left without a handover: the progress reminder goes to the
    supervisor, who can give the work to someone else."""
    waiting, working = await new_order(stub, as_user), await new_order(stub, as_user)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=working.id),
                               metadata=as_user("eng2"))
    leaves(org_changes, "eng-lead")
    org_changes.supervisors[ENG] = ""
    await tick(deps, sessions, at(30, 13, 0))  # halfway to the response time
    assert await reminded(sessions, waiting.id) == [("response_due", ["director"])]

    org_changes.supervisors[ENG] = "eng1"  # eng1 leads 技术部 now
    leaves(org_changes, "eng2")
    await tick(deps, sessions, at(31, 18, 1))  # no progress by the next working day's end
    assert ("no_progress", ["eng1"]) in await reminded(sessions, working.id)


async def test_a_new_supervisor_may_assign_and_cancel_before_any_clock_has_fired(
        org_changes: Any, stub: Any, as_user: Meta) -> None:
    """The supervisor leaves on Monday; their successor picks up the queue at once, not
    only once an order's reminder or escalation has brought the order up to date."""
    waiting, unwanted = await new_order(stub, as_user), await new_order(stub, as_user)
    leaves(org_changes, "eng-lead")
    org_changes.supervisors[ENG] = "eng1"
    assigned = await stub.AssignWorkOrder(pb.ActRequest(
        work_order_id=waiting.id, assignee_id="eng2"), metadata=as_user("eng1"))
    assert assigned.assignee_id == "eng2"
    cancelled = await stub.CancelWorkOrder(pb.ActRequest(
        work_order_id=unwanted.id, text="客户已撤回需求"), metadata=as_user("eng1"))
    assert cancelled.state == "cancelled"


async def test_a_department_member_who_is_not_its_supervisor_still_may_not_assign(
        org_changes: Any, stub: Any, as_user: Meta) -> None:
    order = await new_order(stub, as_user)
    with pytest.raises(Exception) as refused:
        await stub.AssignWorkOrder(pb.ActRequest(
            work_order_id=order.id, assignee_id="eng2"), metadata=as_user("eng1"))
    assert "PERMISSION_DENIED" in str(refused.value.code())
