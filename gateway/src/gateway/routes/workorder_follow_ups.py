"""Follow-up orders: a closed or cancelled work order is read-only (every write on it is
409 from the service) and is carried on by a new order linked to it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from salesos.workorders.v1 import workorders_pb2 as pb

from gateway.department_retire import Retired, refuse_retired
from gateway.deps import BearerToken, CurrentUser
from gateway.timefilters import typed_stamp
from gateway.workorder_schemas import FollowUpBody, WorkOrderRead, workorder_read
from gateway.workorders_client import WorkOrders

router = APIRouter(tags=["workorders"])
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="shared with opening an order: the same key from the same "
                                "person answers the first follow-up; with another body 422")]


@router.post("/workorders/{workorder_id}/follow-up", status_code=201,
             response_model=WorkOrderRead)
async def open_follow_up(workorder_id: str, body: FollowUpBody, _: CurrentUser,
                         token: BearerToken, workorders: WorkOrders, retired: Retired,
                         idempotency_key: IdempotencyKey = None) -> WorkOrderRead:
    """A closed or cancelled order is read-only (every write on it is 409); whoever may
    read it carries it on here: a new order to the same department's queue, for the same
    deal, with the caller as requester, linked both ways (`follow_up_of` / `follow_ups`).
    On an order still live: 409, comment on it instead. The Idempotency-Key is shared
    with opening an order: the same key answers the first follow-up, with another body
    422 naming it. The deal is the original's, checked when that was opened (an engineer
    following up sees no deals, and needs none). The original's department retired since:
    422 naming `department` (open a new order to the department that took its work)."""
    original = await workorders.call("GetWorkOrder", pb.GetWorkOrderRequest(
        work_order_id=workorder_id), user_token=token)
    await refuse_retired(retired, original.department, field="department")
    request = pb.FollowUpRequest(
        work_order_id=workorder_id, need=body.need, title=body.title,
        acceptance_standard=body.acceptance_standard,
        due_at=typed_stamp(body.due_at),
        idempotency_key=idempotency_key or "")
    return workorder_read(await workorders.call("OpenFollowUp", request, user_token=token))
