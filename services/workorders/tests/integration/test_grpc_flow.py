"""WorkOrderService over real gRPC and PostgreSQL: the flow, who may do what, scoping."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.events.v1 import workorders_pb2 as ev
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import field_violations
from sqlalchemy import text

pytestmark = pytest.mark.integration
Meta = Callable[[str], tuple[tuple[str, str], ...]]


def due(days: float = 3) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(datetime.now(UTC) + timedelta(days=days))
    return stamp


async def create(stub: Any, as_user: Meta, who: str = "rep1", **fields: Any) -> pb.WorkOrder:
    request = pb.CreateWorkOrderRequest(
        need="非标法兰图纸", acceptance_standard="图纸经客户确认", due_at=due(),
        department="engineering", **fields)
    return await stub.CreateWorkOrder(request, metadata=as_user(who))


async def act(stub: Any, as_user: Meta, method: str, who: str, order_id: str,
              **fields: Any) -> pb.WorkOrder:
    return await getattr(stub, method)(pb.ActRequest(work_order_id=order_id, **fields),
                                       metadata=as_user(who))


async def events_of(sessions: Any, order_id: str) -> list[str]:
    async with sessions() as session:
        rows = await session.execute(text(
            "SELECT payload FROM outbox WHERE aggregate_id = :id ORDER BY created_at, id"),
            {"id": order_id})
        return [Envelope.FromString(r.payload).type for r in rows]


async def test_a_request_goes_open_accepted_in_progress_delivered_closed(
        stub: Any, as_user: Meta, sessions: Any) -> None:
    order = await create(stub, as_user)
    assert (order.state, order.requester_id, order.department_name) == ("open", "rep1", "技术部")
    assert list(order.cc_ids) == ["mgr-east", "eng-lead"]
    await act(stub, as_user, "AcceptWorkOrder", "eng1", order.id)
    await act(stub, as_user, "PostProgress", "eng1", order.id, text="图纸绘制中")
    await act(stub, as_user, "DeliverWorkOrder", "eng1", order.id, text="见附件")
    done = await act(stub, as_user, "ReviewWorkOrder", "rep1", order.id, accept=True)
    assert (done.state, done.assignee_id) == ("closed", "eng1")
    assert [e.text for e in done.progress] == ["图纸绘制中"]
    assert [h.to_state for h in done.history] == ["accepted", "in_progress", "delivered",
                                                 "closed"]
    assert await events_of(sessions, order.id) == [
        "workorders.created", "workorders.accepted", "workorders.progress_posted",
        "workorders.delivered", "workorders.reviewed", "workorders.closed"]


async def test_an_engineer_asking_for_information_in_a_comment_is_announced(
        stub: Any, as_user: Meta, sessions: Any) -> None:
    """Asking the requester for the missing drawing number is a comment; it published no
    event, so nobody could be told and the question sat unseen in the log."""
    order = await create(stub, as_user)
    await act(stub, as_user, "AddComment", "eng1", order.id, text="请提供法兰的图号")
    async with sessions() as session:
        rows = await session.execute(text(
            "SELECT payload FROM outbox WHERE aggregate_id = :id AND type = :t"),
            {"id": order.id, "t": "workorders.commented"})
        sent = [Envelope.FromString(r.payload) for r in rows]
    assert len(sent) == 1
    said = ev.WorkOrderCommented()
    sent[0].payload.Unpack(said)
    assert (said.by_user_id, said.text) == ("eng1", "请提供法兰的图号")
    # Who should hear of it: the requester, and the supervisor named apart from the copy.
    assert (said.ref.requester_id, said.ref.supervisor_id) == ("rep1", "eng-lead")


async def test_progress_by_someone_who_is_not_the_assignee_is_denied_and_changes_nothing(
        stub: Any, as_user: Meta, sessions: Any) -> None:
    order = await create(stub, as_user)
    await act(stub, as_user, "AcceptWorkOrder", "eng1", order.id)
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await act(stub, as_user, "PostProgress", "eng2", order.id, text="我来写")
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    after = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order.id),
                                    metadata=as_user("eng1"))
    assert after.state == "accepted" and not after.progress


async def test_a_step_that_skips_a_state_is_refused(stub: Any, as_user: Meta) -> None:
    order = await create(stub, as_user)
    await act(stub, as_user, "AcceptWorkOrder", "eng1", order.id)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await act(stub, as_user, "DeliverWorkOrder", "eng1", order.id)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_rejection_with_a_reason_returns_it_to_in_progress(stub: Any,
                                                                 as_user: Meta) -> None:
    order = await create(stub, as_user)
    await act(stub, as_user, "AcceptWorkOrder", "eng1", order.id)
    await act(stub, as_user, "PostProgress", "eng1", order.id, text="完成初稿")
    await act(stub, as_user, "DeliverWorkOrder", "eng1", order.id)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await act(stub, as_user, "ReviewWorkOrder", "rep1", order.id, accept=False)
    assert field_violations(refused.value)[0][0] == "reason"
    back = await act(stub, as_user, "ReviewWorkOrder", "rep1", order.id, accept=False,
                     text="孔距不对")
    assert (back.state, back.rejections) == ("in_progress", 1)


async def test_unknown_department_is_a_field_error(stub: Any, as_user: Meta) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.CreateWorkOrder(pb.CreateWorkOrderRequest(
            need="x", acceptance_standard="y", due_at=due(), department="marketing"),
            metadata=as_user("rep1"))
    [(name, message)] = field_violations(refused.value)
    assert name == "department" and message.startswith("未知部门；可选：engineering（技术部）")


async def test_a_list_filtered_by_a_department_nobody_knows_is_refused_naming_it(
        stub: Any, as_user: Meta) -> None:
    """「技术部」 typed where the code `engineering` belongs answered an empty queue (and an
    empty export), as if 技术部 had no orders, while creating an order or reading a chain
    with the same text is 422: a filter must not read a mistyped value as "none"."""
    await create(stub, as_user)
    for typed in ("技术部", "enginering"):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.ListWorkOrders(pb.ListWorkOrdersRequest(department=typed),
                                      metadata=as_user("eng1"))
        [(name, message)] = field_violations(refused.value)
        assert name == "department" and "engineering" in message
    known = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(department="engineering"),
                                      metadata=as_user("eng1"))
    assert known.work_orders
    # Pasted with a space: the code the directory knows, not a filter matching nothing.
    spaced = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(department=" engineering "),
                                       metadata=as_user("eng1"))
    assert [o.id for o in spaced.work_orders] == [o.id for o in known.work_orders]


async def test_a_list_filtered_by_a_deal_id_that_is_no_id_is_refused_naming_it(
        stub: Any, as_user: Meta) -> None:
    """A deal's title or number typed where its id belongs answered "no orders for this
    deal"; opening an order with such an opportunity_id is already 422."""
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.ListWorkOrders(pb.ListWorkOrdersRequest(opportunity_id="苏州精工 2 号线"),
                                  metadata=as_user("rep1"))
    assert [name for name, _ in field_violations(refused.value)] == ["opportunity_id"]


async def test_assignee_must_belong_to_the_target_department(stub: Any, as_user: Meta) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await create(stub, as_user, assignee_id="fin1")
    assert field_violations(refused.value)[0][0] == "assignee_id"


async def test_same_idempotency_key_returns_the_first_order(stub: Any, as_user: Meta) -> None:
    key = uuid.uuid4().hex
    first = await create(stub, as_user, idempotency_key=key)
    again = await create(stub, as_user, idempotency_key=key)
    assert again.id == first.id


async def test_progress_retried_with_the_same_key_is_posted_once(stub: Any,
                                                                 as_user: Meta) -> None:
    order = await create(stub, as_user)
    await act(stub, as_user, "AcceptWorkOrder", "eng1", order.id)
    for _ in range(2):
        after = await act(stub, as_user, "PostProgress", "eng1", order.id, text="进行中",
                          idempotency_key="k1")
    assert len(after.progress) == 1


async def test_a_used_key_sent_with_another_request_is_refused_not_answered_as_done(
        stub: Any, as_user: Meta) -> None:
    """The second request was answered with the first order and silently lost."""
    key = uuid.uuid4().hex
    first = await create(stub, as_user, idempotency_key=key)
    with pytest.raises(grpc.aio.AioRpcError) as reused:
        await stub.CreateWorkOrder(pb.CreateWorkOrderRequest(
            need="另一个需求：改型报价", acceptance_standard="报价单", due_at=due(),
            department="engineering", idempotency_key=key), metadata=as_user("rep1"))
    assert field_violations(reused.value)[0][0] == "Idempotency-Key"
    assert (await create(stub, as_user, idempotency_key=key)).id == first.id
    await act(stub, as_user, "AcceptWorkOrder", "eng1", first.id)
    step_key = uuid.uuid4().hex
    await act(stub, as_user, "PostProgress", "eng1", first.id, text="图纸 50%",
              idempotency_key=step_key)
    other = await create(stub, as_user)
    await act(stub, as_user, "AcceptWorkOrder", "eng1", other.id)
    for order_id, text_ in ((first.id, "图纸 80%"), (other.id, "图纸 50%")):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await act(stub, as_user, "PostProgress", "eng1", order_id, text=text_,
                      idempotency_key=step_key)
        assert field_violations(refused.value)[0][0] == "Idempotency-Key"
    after = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=first.id),
                                    metadata=as_user("eng1"))
    assert [e.text for e in after.progress] == ["图纸 50%"]


async def test_the_supervisor_assigns_and_only_that_engineer_may_accept(
        stub: Any, as_user: Meta, sessions: Any) -> None:
    order = await create(stub, as_user)
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await act(stub, as_user, "AssignWorkOrder", "eng1", order.id, assignee_id="eng2")
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    named = await act(stub, as_user, "AssignWorkOrder", "eng-lead", order.id,
                      assignee_id="eng2")
    assert [h.text for h in named.history] == ["指派给 孙工"]  # a name, not an id
    # the engineer named hears of it (notifications), not only from a later reminder
    assert await events_of(sessions, order.id) == ["workorders.created", "workorders.assigned"]
    with pytest.raises(grpc.aio.AioRpcError):
        await act(stub, as_user, "AcceptWorkOrder", "eng1", order.id)
    taken = await act(stub, as_user, "AcceptWorkOrder", "eng2", order.id)
    assert taken.assignee_id == "eng2"


async def test_naming_the_same_engineer_again_tells_them_once(
        stub: Any, as_user: Meta, sessions: Any) -> None:
    """A supervisor's second click on 「指派」 (no Idempotency-Key) logged 「指派给 孙工」 twice
    and told the engineer twice that the order was theirs."""
    order = await create(stub, as_user)
    for _ in range(2):
        named = await act(stub, as_user, "AssignWorkOrder", "eng-lead", order.id,
                          assignee_id="eng2")
    assert [h.text for h in named.history] == ["指派给 孙工"]
    assert await events_of(sessions, order.id) == ["workorders.created", "workorders.assigned"]


async def test_lists_are_scoped_engineers_see_their_queue_reps_their_own(
        stub: Any, as_user: Meta) -> None:
    opportunity = str(uuid.uuid4())
    mine = await create(stub, as_user, "rep1", opportunity_id=opportunity)
    theirs = await create(stub, as_user, "rep2", opportunity_id=opportunity)
    finance = await stub.CreateWorkOrder(pb.CreateWorkOrderRequest(
        need="开票", acceptance_standard="发票开出", due_at=due(), department="finance",
        opportunity_id=opportunity), metadata=as_user("rep1"))

    async def ids(who: str) -> set[str]:
        reply = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(
            opportunity_id=opportunity), metadata=as_user(who))
        return {o.id for o in reply.work_orders}

    assert await ids("rep1") == {mine.id, finance.id}
    assert await ids("rep2") == {theirs.id}
    assert await ids("eng1") == {mine.id, theirs.id}
    assert await ids("fin1") == {finance.id}
    assert await ids("mgr-east") == {mine.id, theirs.id, finance.id}
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=mine.id),
                                metadata=as_user("rep2"))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND


async def test_pages_follow_the_cursor_without_repeats(stub: Any, as_user: Meta) -> None:
    opportunity = str(uuid.uuid4())
    made = {(await create(stub, as_user, opportunity_id=opportunity)).id for _ in range(3)}
    seen, token = [], ""
    while True:
        reply = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(
            opportunity_id=opportunity, page_size=2, page_token=token),
            metadata=as_user("rep1"))
        seen += [o.id for o in reply.work_orders]
        token = reply.next_page_token
        if not token:
            break
    assert sorted(seen) == sorted(made)


async def test_attachments_are_stored_and_read_back(stub: Any, as_user: Meta) -> None:
    order = await create(stub, as_user)
    stored = await stub.AddAttachment(pb.AddAttachmentRequest(
        work_order_id=order.id, filename="图纸.pdf", content_type="application/pdf",
        content=b"%PDF-1.4 drawing"), metadata=as_user("rep1"))
    back = await stub.GetAttachment(pb.GetAttachmentRequest(
        work_order_id=order.id, attachment_id=stored.id), metadata=as_user("eng1"))
    assert back.content == b"%PDF-1.4 drawing" and back.attachment.filename == "图纸.pdf"
    retried = await stub.AddAttachment(pb.AddAttachmentRequest(
        work_order_id=order.id, filename="图纸.pdf", content_type="application/pdf",
        content=b"%PDF-1.4 drawing"), metadata=as_user("rep1"))
    assert retried.id == stored.id


async def test_an_empty_or_oversized_file_is_refused_naming_the_file(
        stub: Any, as_user: Meta, deps: Any) -> None:
    order = await create(stub, as_user)
    for content in (b"", b"x" * (deps.max_attachment_bytes + 1)):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.AddAttachment(pb.AddAttachmentRequest(
                work_order_id=order.id, filename="a.bin", content=content),
                metadata=as_user("rep1"))
        assert field_violations(refused.value)[0][0] == "file"


async def test_text_pasted_with_control_characters_is_kept_without_them(
        stub: Any, as_user: Meta) -> None:
    """PostgreSQL refuses NUL: the order, its log and a file's name and type were 502s."""
    order = await stub.CreateWorkOrder(pb.CreateWorkOrderRequest(
        title="法兰\x00图纸", need="非标\x00法兰\x0b图纸\n两张", acceptance_standard="确认\x00",
        due_at=due(), department="engineering"), metadata=as_user("rep1"))
    assert (order.title, order.need) == ("法兰图纸", "非标法兰图纸\n两张")
    await act(stub, as_user, "AcceptWorkOrder", "eng1", order.id)
    worked = await act(stub, as_user, "PostProgress", "eng1", order.id, text="画\x00图中")
    assert [e.text for e in worked.progress] == ["画图中"]
    stored = await stub.AddAttachment(pb.AddAttachmentRequest(
        work_order_id=order.id, filename="图\x00纸.pdf", content_type="application/pdf\x00",
        content=b"%PDF-1.4"), metadata=as_user("rep1"))
    assert (stored.filename, stored.content_type) == ("图纸.pdf", "application/pdf")
