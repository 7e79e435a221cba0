"""An admin merged 财务部 into another department and retired it. Whoever calls the
work-order service (the gateway, or a partner over gRPC) can no longer open an order or a
follow-up in it; the orders it handled stay readable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import field_violations

from .conftest import ENG, FIN
from .test_follow_ups import closed, follow_up
from .test_grpc_flow import due

pytestmark = pytest.mark.integration
Meta = Callable[[str], tuple[tuple[str, str], ...]]


@pytest.fixture
def finance_retired(org: Any) -> Iterator[Any]:
    org.retired.add(FIN)
    yield org
    org.retired.discard(FIN)  # the directory double is shared


async def test_a_new_order_for_a_retired_department_is_refused_naming_department(
        finance_retired: Any, stub: Any, as_user: Meta) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.CreateWorkOrder(pb.CreateWorkOrderRequest(
            title="开票资料核对", need="核对客户开票资料", acceptance_standard="资料无误",
            due_at=due(), department="finance"), metadata=as_user("rep1"))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    [(field, message)] = field_violations(refused.value)
    assert field == "department" and "已撤销" in message


async def test_a_follow_up_of_an_order_the_retired_department_handled_is_refused(
        org: Any, stub: Any, as_user: Meta) -> None:
    order = await closed(stub, as_user)  # 技术部 did it
    org.retired.add(ENG)  # 技术部 merged away after the order closed
    try:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await follow_up(stub, as_user, "rep1", order.id)
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "已撤销" in (refused.value.details() or "")
        still = await stub.GetWorkOrder(pb.GetWorkOrderRequest(work_order_id=order.id),
                                        metadata=as_user("rep1"))
        assert still.state == "closed" and not still.follow_ups
    finally:
        org.retired.clear()
