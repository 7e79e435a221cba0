"""Over real gRPC and PostgreSQL: a closed or cancelled order is read-only (409 on every
write, nothing stored) and still readable; a follow-up order carries it on, linked both
ways, announced through the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from salesos.events.v1 import workorders_pb2 as ev
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import error_info, field_violations
from servicekit.storage import content_key
from sqlalchemy import text
from workorders.domain.window import SHANGHAI

from .test_grpc_flow import act, create, due, events_of

pytestmark = pytest.mark.integration
Meta = Callable[[str], tuple[tuple[str, str], ...]]


async def closed(stub: Any, as_user: Meta, **fields: Any) -> pb.WorkOrder:
    """rep1's drawing, done by eng1 and accepted."""
    order = await create(stub, as_user, title="DN200 法兰图纸", **fields)
    await act(stub, as_user, "AcceptWorkOrder", "eng1", order.id)
    await act(stub, as_user, "PostProgress", "eng1", order.id, text="图纸绘制中")
    await act(stub, as_user, "DeliverWorkOrder", "eng1", order.id, text="见附件")
    return await act(stub, as_user, "ReviewWorkOrder", "rep1", order.id, accept=True)


async def follow_up(stub: Any, as_user: Meta, who: str, order_id: str,
                    **fields: Any) -> pb.WorkOrder:
    request = pb.FollowUpRequest(work_order_id=order_id, **({"need": "还需要一份剖面图"} | fields))
    return await stub.OpenFollowUp(request, metadata=as_user(who))


async def counted(sessions: Any, sql: str, order_id: str) -> int:
    async with sessions() as session:
        return int((await session.execute(text(sql), {"id": order_id})).scalar_one())


async def test_every_write_on_a_closed_order_is_409_pointing_to_a_follow_up(
        stub: Any, as_user: Meta, sessions: Any) -> None:
    order = await closed(stub, as_user)
    writes = [("AddComment", "rep1", {"text": "还需要一份剖面图"}),
              ("AddComment", "eng1", {"text": "补充一句"}),
              ("PostProgress", "eng1", {"text": "再画一张"}),
              ("AssignWorkOrder", "eng-lead", {"assignee_id": "eng2"}),
              ("AcceptWorkOrder", "eng2", {}),
              ("DeliverWorkOrder", "eng1", {}),
              ("ReviewWorkOrder", "rep1", {"accept": False, "text": "缺剖面图"}),
              ("CancelWorkOrder", "director", {"text": "不要了"})]
    for method, who, fields in writes:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await act(stub, as_user, method, who, order.id,
                      idempotency_key=uuid.uuid4().hex, **fields)
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION, method
        assert refused.value.details().startswith("工单已关闭"), method
        assert "请发起跟进工单" in refused.value.details()
        assert error_info(refused.value) == (  # the gateway's 409 workorder_closed
            "workorder_closed", {"work_order_id": order.id, "state": "closed"}), method
    after = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order.id),
                                    metadata=as_user("rep1"))
    assert (after.state, list(after.comments), len(after.history)) == (
        "closed", [], len(order.history))
    assert await counted(sessions, "SELECT count(*) FROM requests WHERE work_order_id = :id",
                         order.id) == 0


async def test_an_upload_to_a_cancelled_order_is_409_and_stores_no_file_and_no_row(
        stub: Any, as_user: Meta, sessions: Any, deps: Any) -> None:
    order = await create(stub, as_user)
    before = await stub.AddAttachment(pb.AddAttachmentRequest(
        work_order_id=order.id, filename="草图.pdf", content=b"%PDF sketch " + uuid.uuid4().bytes),
        metadata=as_user("rep1"))
    await act(stub, as_user, "CancelWorkOrder", "rep1", order.id, text="客户取消")
    late = b"%PDF late " + uuid.uuid4().bytes
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.AddAttachment(pb.AddAttachmentRequest(
            work_order_id=order.id, filename="补充.pdf", content=late,
            idempotency_key=uuid.uuid4().hex), metadata=as_user("rep1"))
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert refused.value.details().startswith("工单已取消")
    assert error_info(refused.value) == (
        "workorder_closed", {"work_order_id": order.id, "state": "cancelled"})
    with pytest.raises(FileNotFoundError):
        await deps.storage.get(content_key(late)[0])
    assert await counted(sessions, "SELECT count(*) FROM attachments "
                                   "WHERE work_order_id = :id", order.id) == 1
    assert await counted(sessions, "SELECT count(*) FROM requests WHERE work_order_id = :id",
                         order.id) == 0
    # What it holds still reads and downloads.
    kept = await stub.GetAttachment(pb.GetAttachmentRequest(
        work_order_id=order.id, attachment_id=before.id), metadata=as_user("eng1"))
    assert kept.content.startswith(b"%PDF sketch")


async def test_a_delivered_order_awaiting_review_still_takes_comments_and_files(
        stub: Any, as_user: Meta) -> None:
    order = await create(stub, as_user)
    await act(stub, as_user, "AcceptWorkOrder", "eng1", order.id)
    await act(stub, as_user, "PostProgress", "eng1", order.id, text="图纸绘制中")
    await act(stub, as_user, "DeliverWorkOrder", "eng1", order.id)
    said = await act(stub, as_user, "AddComment", "rep1", order.id, text="剖面图在哪里？")
    assert (said.state, [c.text for c in said.comments]) == ("delivered", ["剖面图在哪里？"])
    await stub.AddAttachment(pb.AddAttachmentRequest(
        work_order_id=order.id, filename="剖面图.pdf", content=b"%PDF section"),
        metadata=as_user("eng1"))


async def test_the_requester_opens_a_follow_up_in_the_same_queue_linked_both_ways(
        stub: Any, as_user: Meta, sessions: Any) -> None:
    deal = str(uuid.uuid4())
    order = await closed(stub, as_user, opportunity_id=deal)
    made = await follow_up(stub, as_user, "rep1", order.id)
    assert (made.state, made.title, made.need, made.department, made.requester_id,
            made.assignee_id, made.opportunity_id, made.region_id, made.acceptance_standard) \
        == ("open", "跟进：DN200 法兰图纸", "还需要一份剖面图", "engineering", "rep1", "",
            deal, "east", "图纸经客户确认")
    assert (made.follow_up_of.id, made.follow_up_of.title, made.follow_up_of.state) == (
        order.id, "DN200 法兰图纸", "closed")
    original = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order.id),
                                       metadata=as_user("eng2"))
    assert [(f.id, f.title) for f in original.follow_ups] == [(made.id, made.title)]
    queue = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(
        department="engineering", state="open", follow_up_of=order.id),
        metadata=as_user("eng2"))
    assert [(o.id, o.follow_up_of.id) for o in queue.work_orders] == [(made.id, order.id)]

    async with sessions() as session:
        row = (await session.execute(text(
            "SELECT payload FROM outbox WHERE aggregate_id = :id AND type = :t"),
            {"id": made.id, "t": "workorders.created"})).one()
    created = ev.WorkOrderCreated()
    Envelope.FromString(row.payload).payload.Unpack(created)
    assert (created.follow_up_of.work_order_id, created.follow_up_of.assignee_id,
            created.follow_up_of.state) == (order.id, "eng1", "closed")
    # The original took no write: its events end where it closed.
    assert (await events_of(sessions, order.id))[-1] == "workorders.closed"


async def test_whoever_could_see_the_original_may_follow_it_up_and_nobody_else(
        stub: Any, as_user: Meta) -> None:
    order = await create(stub, as_user)
    await act(stub, as_user, "CancelWorkOrder", "rep1", order.id, text="需求变了")
    for who in ("eng2", "mgr-east"):  # a member of the department, the requester's manager
        made = await follow_up(stub, as_user, who, order.id, title="按新需求重画")
        assert (made.requester_id, made.title, made.follow_up_of.id) == (
            who, "按新需求重画", order.id)
    with pytest.raises(grpc.aio.AioRpcError) as unseen:
        await follow_up(stub, as_user, "rep2", order.id)
    assert unseen.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_live_order_is_commented_on_not_followed_up(stub: Any, as_user: Meta) -> None:
    order = await create(stub, as_user)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await follow_up(stub, as_user, "rep1", order.id)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "请直接在该工单上留言" in refused.value.details()
    assert error_info(refused.value) is None  # a plain conflict, not "closed"
    listed = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(follow_up_of=order.id),
                                       metadata=as_user("director"))
    assert list(listed.work_orders) == []


async def test_a_follow_up_retried_with_its_key_opens_once_and_the_key_with_another_need_is_422(
        stub: Any, as_user: Meta) -> None:
    order = await closed(stub, as_user)
    key = uuid.uuid4().hex
    first = await follow_up(stub, as_user, "rep1", order.id, idempotency_key=key)
    again = await follow_up(stub, as_user, "rep1", order.id, idempotency_key=key,
                            due_at=due(4))  # a client recomputing "in four days"
    assert again.id == first.id
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await follow_up(stub, as_user, "rep1", order.id, idempotency_key=key, need="另一件事")
    assert field_violations(refused.value)[0][0] == "Idempotency-Key"
    original = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order.id),
                                       metadata=as_user("rep1"))
    assert [f.id for f in original.follow_ups] == [first.id]


async def test_a_list_filtered_by_a_malformed_order_id_is_a_field_error(
        stub: Any, as_user: Meta) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.ListWorkOrders(pb.ListWorkOrdersRequest(follow_up_of="WO-1"),
                                  metadata=as_user("rep1"))
    assert field_violations(refused.value)[0][0] == "follow_up_of"


async def test_a_follow_up_without_a_due_time_is_due_five_working_days_later(
        stub: Any, as_user: Meta, clock: Any) -> None:
    """「不填即 5 个工作日后」: opened Monday 10:00, due the next Monday 10:00. Forty working
    hours of a 7.5-hour day (09:00–18:00 less lunch) made it Monday 14:00, into a sixth."""
    clock.now = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    try:
        order = await closed(stub, as_user)
        carried = await follow_up(stub, as_user, "rep1", order.id)
    finally:
        clock.now = None
    assert carried.due_at.ToDatetime(tzinfo=UTC) == datetime(2026, 12, 7, 10, 0,
                                                             tzinfo=SHANGHAI)
