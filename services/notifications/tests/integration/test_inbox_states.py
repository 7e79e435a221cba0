"""The inbox by state: what still waits for its reader (open: unread, not withdrawn), what
they read, what was withdrawn; the unread count counts the open ones."""

from __future__ import annotations

import uuid

import grpc
import pytest
from notifications.adapters.orm import inbox_items
from salesos.events.v1 import pipeline_pb2
from salesos.notifications.v1 import notifications_pb2 as pb
from servicekit.errors import field_violations

from .conftest import Running
from .test_approval_withdrawn import asked
from .test_channels_delivery import as_user, person, rows, stub
from .test_told_to_others import handled

pytestmark = pytest.mark.integration


async def test_the_inbox_lists_open_read_or_withdrawn_items_and_counts_the_open_ones(
        running: Running) -> None:
    east, step = person(running, "manager"), str(uuid.uuid4())
    api = stub(running)
    for n in range(3):
        envelope = await running.publish(asked(east, f"{step}-{n}" if n else step),
                                         type="pipeline.approval_requested")
        await handled(running, envelope)
    [oldest, *_] = sorted(await rows(running, inbox_items, user_id=east),
                          key=lambda r: r["created_at"])
    await handled(running, await running.publish(pipeline_pb2.ApprovalWithdrawn(
        contract_id="c1", step_ids=[step], why="contract_cancelled"),
        type="pipeline.approval_withdrawn"))
    listed = await api.ListInbox(pb.ListInboxRequest(), metadata=as_user(east))
    await api.MarkRead(pb.MarkReadRequest(item_id=listed.items[0].id), metadata=as_user(east))

    async def ids(state: str) -> list[str]:
        page = await api.ListInbox(pb.ListInboxRequest(state=state), metadata=as_user(east))
        return [i.id for i in page.items]

    assert await ids("withdrawn") == [str(oldest["id"])]
    assert await ids("read") == [listed.items[0].id]
    assert await ids("open") == [listed.items[1].id]
    assert len(await ids("")) == 3
    unread = await api.CountUnread(pb.CountUnreadRequest(), metadata=as_user(east))
    assert unread.unread == 1
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await api.ListInbox(pb.ListInboxRequest(state="unread"), metadata=as_user(east))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(caught.value)] == ["state"]
