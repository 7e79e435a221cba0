"""销售部 is no queue: every rep and manager of every region reads their department's
orders, so an engineer's "request to sales" would reach the whole company's salesforce
(a customer's needs, a price) and any rep could accept it. A request for a salesperson
goes to the deal's owner, or the region's sales manager, in person: 422 naming
`department` says so, whoever asks and whether or not the order names a deal."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import field_violations
from sqlalchemy import text

from .conftest import OrgDouble
from .test_grpc_flow import Meta, due

pytestmark = pytest.mark.integration


@pytest.fixture
def sales_department(org: OrgDouble) -> Iterator[None]:
    """The directory knows 销售部 (id dept-sales, where the reps are) for this test."""
    org.more["sales"] = "销售部"
    yield
    org.more.pop("sales", None)


@pytest.mark.usefixtures("sales_department")
async def test_nobody_opens_a_work_order_to_sales_and_is_told_whom_to_ask(
        stub: Any, as_user: Meta) -> None:
    for who, deal in (("eng1", ""), ("fin1", str(uuid.uuid4())), ("director", ""),
                      ("rep1", "")):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.CreateWorkOrder(pb.CreateWorkOrderRequest(
                need="请提供华东客户名单", acceptance_standard="名单", due_at=due(),
                department="sales", opportunity_id=deal), metadata=as_user(who))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT, who
        [(field, message)] = field_violations(refused.value)
        assert field == "department", who
        assert "商机负责人" in message and "销售经理" in message, message
        assert message.startswith("「销售部」是销售部门"), message
    listed = await stub.ListWorkOrders(pb.ListWorkOrdersRequest(department="sales"),
                                       metadata=as_user("rep2"))
    assert list(listed.work_orders) == []


@pytest.mark.usefixtures("sales_department")
async def test_an_old_order_to_sales_is_not_carried_on_in_the_sales_queue(
        stub: Any, as_user: Meta, sessions: Any) -> None:
    """An order opened to 销售部 before the rule (here: moved there by SQL) stays
    readable, but its follow-up would land in the company-wide queue again: 409."""
    old = await stub.CreateWorkOrder(pb.CreateWorkOrderRequest(
        need="旧的销售工单", acceptance_standard="名单", due_at=due(),
        department="engineering"), metadata=as_user("fin1"))
    await stub.CancelWorkOrder(pb.ActRequest(work_order_id=old.id, text="撤回"),
                               metadata=as_user("fin1"))
    async with sessions() as session:
        await session.execute(text(
            "UPDATE work_orders SET department = 'sales', department_id = 'dept-sales' "
            "WHERE id = :id"), {"id": old.id})
        await session.commit()
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.OpenFollowUp(pb.FollowUpRequest(work_order_id=old.id, need="再要一份"),
                                metadata=as_user("fin1"))
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "商机负责人" in (refused.value.details() or "")


@pytest.mark.parametrize(("code", "kind", "takes_orders"), [
    ("sales_east", "sales", False),      # 华东销售部, created by an admin as a sales one
    ("sales", "", False),                # a directory from before kinds: the code says
    ("sales", "functional", True),       # the admin's word, not the code
    ("market", "functional", True),
], ids=["sales kind, another code", "no kind, code sales", "code sales, functional",
        "functional"])
async def test_a_sales_department_is_known_by_its_kind_whatever_its_code(
        stub: Any, org: OrgDouble, as_user: Meta, code: str, kind: str,
        takes_orders: bool) -> None:
    org.more[code], org.kinds[code] = "华东销售部", kind
    try:
        asked = pb.CreateWorkOrderRequest(need="请提供华东客户名单", acceptance_standard="名单",
                                          due_at=due(), department=code)
        if takes_orders:
            made = await stub.CreateWorkOrder(asked, metadata=as_user("eng1"))
            assert made.department == code
            await stub.CancelWorkOrder(pb.ActRequest(work_order_id=made.id, text="撤回"),
                                       metadata=as_user("eng1"))
            return
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.CreateWorkOrder(asked, metadata=as_user("eng1"))
        [(field, message)] = field_violations(refused.value)
        assert field == "department" and "商机负责人" in message
        # the department the requester chose, not 「销售部」 whatever it was
        assert message.startswith("「华东销售部」是销售部门，不受理工单"), message
    finally:
        org.more.pop(code, None)
        org.kinds.pop(code, None)
