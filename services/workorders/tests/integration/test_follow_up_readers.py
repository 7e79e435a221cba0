"""The rep who asked for an order reads its follow-ups, whoever opened them: the engineer
who carries the drawing on, the rep's manager, and a follow-up of a follow-up. They may
add to one (a comment) but not take its steps; another rep still finds none of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
import pytest
from salesos.workorders.v1 import workorders_pb2 as pb

from .test_follow_ups import closed, follow_up
from .test_grpc_flow import act

pytestmark = pytest.mark.integration
Meta = Callable[[str], tuple[tuple[str, str], ...]]


async def read(stub: Any, as_user: Meta, who: str, order_id: str) -> pb.WorkOrder:
    return await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order_id),
                                   metadata=as_user(who))


async def listed(stub: Any, as_user: Meta, who: str, original_id: str) -> list[str]:
    found = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(follow_up_of=original_id),
                                      metadata=as_user(who))
    return [o.id for o in found.work_orders]


async def test_the_requester_reads_follow_ups_the_engineer_and_their_manager_opened(
        stub: Any, as_user: Meta) -> None:
    order = await closed(stub, as_user)  # rep1's, done by eng1
    by_engineer = await follow_up(stub, as_user, "eng2", order.id, title="补画剖面图")
    by_manager = await follow_up(stub, as_user, "mgr-east", order.id, title="客户追加标注")
    for made in (by_engineer, by_manager):
        seen = await read(stub, as_user, "rep1", made.id)
        assert (seen.title, seen.follow_up_of.id, seen.follow_up_of.title) == (
            made.title, order.id, "DN200 法兰图纸")
    assert sorted(await listed(stub, as_user, "rep1", order.id)) == sorted(
        [by_engineer.id, by_manager.id])
    original = await read(stub, as_user, "rep1", order.id)
    assert {(f.id, f.title) for f in original.follow_ups} == {
        (by_engineer.id, "补画剖面图"), (by_manager.id, "客户追加标注")}


async def test_the_requester_reads_a_follow_up_of_the_follow_up_too(
        stub: Any, as_user: Meta) -> None:
    order = await closed(stub, as_user)
    first = await follow_up(stub, as_user, "eng2", order.id)
    await act(stub, as_user, "CancelWorkOrder", "eng2", first.id, text="并入新需求")
    second = await follow_up(stub, as_user, "eng-lead", first.id, title="按新需求重画")
    assert (await read(stub, as_user, "rep1", second.id)).title == "按新需求重画"
    assert await listed(stub, as_user, "rep1", first.id) == [second.id]


async def test_another_rep_still_finds_no_follow_up_of_an_order_not_theirs(
        stub: Any, as_user: Meta) -> None:
    order = await closed(stub, as_user)
    made = await follow_up(stub, as_user, "eng2", order.id)
    with pytest.raises(grpc.aio.AioRpcError) as unseen:
        await read(stub, as_user, "rep2", made.id)
    assert unseen.value.code() == grpc.StatusCode.NOT_FOUND
    assert await listed(stub, as_user, "rep2", order.id) == []


async def test_the_requester_comments_on_the_follow_up_but_does_not_take_its_steps(
        stub: Any, as_user: Meta) -> None:
    order = await closed(stub, as_user)
    made = await follow_up(stub, as_user, "eng2", order.id)
    said = await act(stub, as_user, "AddComment", "rep1", made.id, text="客户要 PDF 版")
    assert [c.text for c in said.comments] == ["客户要 PDF 版"]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await act(stub, as_user, "CancelWorkOrder", "rep1", made.id, text="不要了")
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
