"""HandOverWorkOrders: a leaver's live orders change hands with the rest of their work.
What they requested goes to the successor, who can then accept the delivery; what they
worked on goes back to the department's queue (or to a successor of that department);
closed orders stay; a retry moves nothing twice; a bad successor moves nothing. An
engineer leaving may have no successor (everything they worked on back to the queue) or
a colleague of their department, never someone of another department."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from salesos.events.v1 import workorders_pb2 as ev
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.org.v1 import org_pb2
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.auth import Principal, bearer_metadata, issue_token
from servicekit.errors import field_violations
from servicekit.settings import DEMO_JWT_SECRET
from sqlalchemy import text

from .conftest import ENG, FIN, OrgDouble
from .test_grpc_flow import Meta, act, create, due

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Person:
    id: str
    role: str
    department_id: str
    region: str = "east"

    @property
    def meta(self) -> tuple[tuple[str, str], ...]:
        principal = Principal(user_id=self.id, username=self.id, role=self.role,
                              region_ids=(self.region,) if self.region else (),
                              department_id=self.department_id)
        return bearer_metadata(issue_token(principal, DEMO_JWT_SECRET))


@pytest.fixture
def hire(org: OrgDouble) -> Any:
    """A person of this test alone (the schema is shared: rep1's orders are everyone's)."""
    def add(role: str = "rep", department_id: str = "dept-sales", manager: str = "mgr-east",
            active: bool = True) -> Person:
        region = "east" if department_id == "dept-sales" else ""
        person = Person(f"{role}-{uuid.uuid4().hex[:8]}", role, department_id, region)
        org.users[person.id] = org_pb2.User(
            id=person.id, username=person.id, role=role, region_id=region,
            department_id=department_id, manager_id=manager, active=active)
        return person
    return add


def handover(leaver: Person, heir: str, handover_id: str = "") -> pb.HandOverWorkOrdersRequest:
    return pb.HandOverWorkOrdersRequest(
        handover_id=handover_id or str(uuid.uuid4()), from_user_id=leaver.id,
        from_username=leaver.id, to_user_id=heir, reason="离职")


async def handed_over(sessions: Any, order_id: str) -> list[ev.WorkOrderHandedOver]:
    async with sessions() as session:
        rows = await session.execute(text(
            "SELECT payload FROM outbox WHERE aggregate_id = :id AND type = :t "
            "ORDER BY created_at, id"), {"id": order_id, "t": "workorders.handed_over"})
        found = []
        for row in rows:
            said = ev.WorkOrderHandedOver()
            Envelope.FromString(row.payload).payload.Unpack(said)
            found.append(said)
        return found


async def test_the_successor_becomes_the_requester_and_can_accept_the_delivery(
        stub: Any, as_user: Meta, sessions: Any, hire: Any) -> None:
    leaver, heir = hire(), hire(manager="director")
    delivered = await stub.CreateWorkOrder(_request(), metadata=leaver.meta)
    waiting = await stub.CreateWorkOrder(_request(), metadata=leaver.meta)
    cancelled = await stub.CreateWorkOrder(_request(), metadata=leaver.meta)
    await act(stub, as_user, "AcceptWorkOrder", "eng1", delivered.id)
    await act(stub, as_user, "PostProgress", "eng1", delivered.id, text="图纸绘制中")
    await act(stub, as_user, "DeliverWorkOrder", "eng1", delivered.id, text="见附件")
    await stub.CancelWorkOrder(pb.ActRequest(work_order_id=cancelled.id, text="客户取消"),
                               metadata=leaver.meta)

    moved = await stub.HandOverWorkOrders(handover(leaver, heir.id, "h-1"),
                                          metadata=as_user("admin"))

    assert (moved.requested, moved.requeued, moved.reassigned) == (2, 0, 0)
    now = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=delivered.id),
                                  metadata=heir.meta)
    assert (now.requester_id, now.state, now.assignee_id) == (heir.id, "delivered", "eng1")
    assert list(now.cc_ids) == ["director", "eng-lead"]  # the successor's manager now
    assert now.history[-1].text == f"离职交接：发起人由 {leaver.id} 交接给 {heir.id}（离职）"
    said = await handed_over(sessions, delivered.id)
    assert [(s.handover_id, s.part, s.to_user_id, s.ref.requester_id) for s in said] == [
        ("h-1", "requester", heir.id, heir.id)]
    done = await stub.ReviewWorkOrder(pb.ActRequest(work_order_id=delivered.id, accept=True),
                                      metadata=heir.meta)
    assert done.state == "closed"
    assert (await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=waiting.id),
                                    metadata=heir.meta)).requester_id == heir.id
    untouched = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=cancelled.id),
                                        metadata=as_user("director"))
    assert untouched.requester_id == leaver.id
    assert await handed_over(sessions, cancelled.id) == []


async def test_an_engineer_leaving_puts_their_orders_back_in_the_departments_queue(
        stub: Any, as_user: Meta, sessions: Any, hire: Any) -> None:
    engineer, heir = hire("engineer", ENG, "eng-lead"), hire()
    working = await create(stub, as_user)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=working.id), metadata=engineer.meta)
    named = await create(stub, as_user, assignee_id=engineer.id)

    moved = await stub.HandOverWorkOrders(handover(engineer, heir.id),
                                          metadata=as_user("admin"))

    assert (moved.requested, moved.requeued, moved.reassigned) == (0, 2, 0)
    director = as_user("director")
    back = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=working.id),
                                   metadata=director)
    assert (back.assignee_id, back.state) == ("", "accepted")  # heir is no engineer
    assert back.history[-1].text == \
        f"离职交接：处理人 {engineer.id} 离开，工单退回技术部待指派（离职）"
    said = (await handed_over(sessions, working.id))[0]
    assert (said.part, said.to_user_id, said.ref.supervisor_id) == ("assignee", "", "eng-lead")
    # the supervisor hands it on; the open one any engineer may take
    await act(stub, as_user, "AssignWorkOrder", "eng-lead", working.id, assignee_id="eng2")
    taken = await act(stub, as_user, "AcceptWorkOrder", "eng2", named.id)
    assert (taken.state, taken.assignee_id) == ("accepted", "eng2")


async def test_a_successor_of_the_orders_department_carries_on_with_it(
        stub: Any, as_user: Meta, hire: Any) -> None:
    engineer, lead = hire("engineer", ENG, "eng-lead"), hire("manager", ENG, "director")
    working = await create(stub, as_user)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=working.id), metadata=engineer.meta)

    moved = await stub.HandOverWorkOrders(handover(engineer, lead.id),
                                          metadata=as_user("admin"))

    assert (moved.requeued, moved.reassigned) == (0, 1)
    now = await stub.PostProgress(pb.ActRequest(work_order_id=working.id, text="接手继续"),
                                  metadata=lead.meta)
    assert (now.assignee_id, now.state) == (lead.id, "in_progress")


async def test_the_same_handover_again_moves_nothing_twice(
        stub: Any, as_user: Meta, sessions: Any, hire: Any) -> None:
    leaver, heir = hire(), hire()
    order = await stub.CreateWorkOrder(_request(), metadata=leaver.meta)
    request = handover(leaver, heir.id, "h-again")

    first = await stub.HandOverWorkOrders(request, metadata=as_user("admin"))
    again = await stub.HandOverWorkOrders(request, metadata=as_user("admin"))

    assert (first.requested, again.requested, again.requeued) == (1, 0, 0)
    assert len(await handed_over(sessions, order.id)) == 1
    log = (await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order.id),
                                   metadata=heir.meta)).history
    assert len([e for e in log if e.text.startswith("离职交接")]) == 1


async def test_a_stopped_unknown_or_non_sales_successor_is_refused_and_nothing_moves(
        stub: Any, as_user: Meta, sessions: Any, hire: Any) -> None:
    leaver = hire()
    order = await stub.CreateWorkOrder(_request(), metadata=leaver.meta)
    for heir in (hire(active=False).id, "nobody", "eng1", "fin1", leaver.id, ""):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.HandOverWorkOrders(handover(leaver, heir), metadata=as_user("admin"))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT, heir
        assert [f for f, _ in field_violations(refused.value)] == ["to_user_id"]
    with pytest.raises(grpc.aio.AioRpcError) as denied:  # a rep may not hand anyone over
        await stub.HandOverWorkOrders(handover(leaver, "rep2"), metadata=as_user("rep1"))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    still = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order.id),
                                    metadata=leaver.meta)
    assert still.requester_id == leaver.id
    assert await handed_over(sessions, order.id) == []


async def test_an_engineer_leaving_with_no_successor_puts_every_order_back_in_the_queue(
        stub: Any, as_user: Meta, sessions: Any, hire: Any) -> None:
    engineer = hire("engineer", ENG, "eng-lead")
    working = await create(stub, as_user)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=working.id), metadata=engineer.meta)

    moved = await stub.HandOverWorkOrders(handover(engineer, ""), metadata=as_user("admin"))

    assert (moved.requested, moved.requeued, moved.reassigned) == (0, 1, 0)
    back = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=working.id),
                                   metadata=as_user("eng-lead"))
    assert (back.assignee_id, back.state) == ("", "accepted")
    said = (await handed_over(sessions, working.id))[0]
    assert (said.part, said.to_user_id, said.to_username) == ("assignee", "", "")
    handed = await act(stub, as_user, "AssignWorkOrder", "eng-lead", working.id,
                       assignee_id="eng2")
    assert handed.assignee_id == "eng2"


async def test_an_engineers_colleague_carries_on_their_work_and_their_requests(
        stub: Any, as_user: Meta, hire: Any) -> None:
    engineer, colleague = hire("engineer", ENG, "eng-lead"), hire("engineer", ENG, "eng-lead")
    working = await create(stub, as_user)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=working.id), metadata=engineer.meta)
    asked = await stub.CreateWorkOrder(_request(department="finance"), metadata=engineer.meta)

    moved = await stub.HandOverWorkOrders(handover(engineer, colleague.id),
                                          metadata=as_user("admin"))

    assert (moved.requested, moved.requeued, moved.reassigned) == (1, 0, 1)
    now = await stub.PostProgress(pb.ActRequest(work_order_id=working.id, text="接手继续"),
                                  metadata=colleague.meta)
    assert (now.assignee_id, now.state) == (colleague.id, "in_progress")
    theirs = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=asked.id),
                                     metadata=colleague.meta)
    assert theirs.requester_id == colleague.id


async def test_an_engineer_who_requested_orders_needs_someone_to_review_them(
        stub: Any, as_user: Meta, sessions: Any, hire: Any) -> None:
    engineer = hire("engineer", ENG, "eng-lead")
    working = await create(stub, as_user)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=working.id), metadata=engineer.meta)
    asked = await stub.CreateWorkOrder(_request(department="finance"), metadata=engineer.meta)

    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.HandOverWorkOrders(handover(engineer, ""), metadata=as_user("admin"))

    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(refused.value)[0][0] == "to_user_id"
    assert "1 个进行中的工单须有人接手验收" in field_violations(refused.value)[0][1]
    for order in (working, asked):  # nothing moved, not even the order they worked on
        assert await handed_over(sessions, order.id) == []
    still = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=working.id),
                                    metadata=as_user("director"))
    assert still.assignee_id == engineer.id


async def test_an_engineers_successor_from_another_department_is_refused(
        stub: Any, as_user: Meta, sessions: Any, hire: Any) -> None:
    engineer = hire("engineer", ENG, "eng-lead")
    working = await create(stub, as_user)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=working.id), metadata=engineer.meta)
    stopped = hire("engineer", ENG, "eng-lead", active=False)
    for heir in ("fin1", hire("finance", FIN, "fin1").id, stopped.id, engineer.id, "nobody"):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.HandOverWorkOrders(handover(engineer, heir), metadata=as_user("admin"))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT, heir
        assert [f for f, _ in field_violations(refused.value)] == ["to_user_id"]
    assert await handed_over(sessions, working.id) == []


async def test_a_director_or_admin_leaving_hands_their_requests_to_a_peer_of_their_role(
        stub: Any, as_user: Meta, sessions: Any, hire: Any) -> None:
    """Neither belongs to a department the other shares: the peer's role is what counts."""
    for role, other in (("director", "admin"), ("admin", "director")):
        leaver, peer, outsider = hire(role, "", ""), hire(role, "", ""), hire(other, "", "")
        asked = await stub.CreateWorkOrder(_request(), metadata=leaver.meta)
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.HandOverWorkOrders(handover(leaver, outsider.id),
                                          metadata=as_user("admin"))
        assert [f for f, _ in field_violations(refused.value)] == ["to_user_id"], role
        assert await handed_over(sessions, asked.id) == []

        moved = await stub.HandOverWorkOrders(handover(leaver, peer.id),
                                              metadata=as_user("admin"))

        assert (moved.requested, moved.requeued, moved.reassigned) == (1, 0, 0), role
        now = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=asked.id),
                                      metadata=peer.meta)
        assert now.requester_id == peer.id


def _request(department: str = "engineering") -> pb.CreateWorkOrderRequest:
    return pb.CreateWorkOrderRequest(need="非标法兰图纸", acceptance_standard="图纸经客户确认",
                                     due_at=due(), department=department)


async def test_the_queue_filtered_by_leaver_lists_exactly_the_orders_they_left_there(
        stub: Any, as_user: Meta, hire: Any) -> None:
    """The supervisor's one handover item links to this list (notifications)."""
    engineer, other = hire("engineer", ENG, "eng-lead"), hire("engineer", ENG, "eng-lead")
    left, kept = await create(stub, as_user), await create(stub, as_user)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=left.id), metadata=engineer.meta)
    await stub.AcceptWorkOrder(pb.ActRequest(work_order_id=kept.id), metadata=other.meta)
    unrelated = await create(stub, as_user)  # in the queue, but nobody left it there

    await stub.HandOverWorkOrders(handover(engineer, ""), metadata=as_user("admin"))

    listed = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(requeued_from=engineer.id),
                                       metadata=as_user("eng-lead"))
    assert [o.id for o in listed.work_orders] == [left.id]
    assert unrelated.id not in [o.id for o in listed.work_orders]
