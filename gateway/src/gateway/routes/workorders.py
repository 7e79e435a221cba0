"""Work orders: open, list (scoped, filtered, cursor pages, .xlsx), read with the log,
and each step of the flow. The workorders service scopes and decides: an illegal step is
409, a step by the wrong person 403, bad input 422 naming the field."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.workorders.v1 import workorders_pb2 as pb

from gateway.department_retire import Retired, refuse_retired
from gateway.deps import BearerToken, CurrentUser, Session
from gateway.pipeline_client import Pipeline
from gateway.record_links import check_deal
from gateway.routes import API_PREFIX, workorder_files, workorder_follow_ups
from gateway.routes.workorder_files import ATTACHMENT_PATH, MAX_ATTACHMENT_BODY
from gateway.spreadsheets import XLSX
from gateway.timefilters import typed_stamp
from gateway.workorder_exports import export_sheet
from gateway.workorder_schemas import (
    AssignBody,
    DeliverBody,
    ReasonBody,
    ReviewBody,
    TextBody,
    WorkOrderCreate,
    WorkOrderPage,
    WorkOrderRead,
    workorder_read,
)
from gateway.workorders_client import WorkOrders

router = APIRouter(prefix=API_PREFIX, tags=["workorders"])
Text = Annotated[str, Query(max_length=100)]
FollowUpOf = Annotated[str, Query(max_length=100, description="只看这张工单的跟进工单")]
RequeuedFrom = Annotated[str, Query(
    max_length=100, description="只看这位离职人员交接时退回部门队列的工单（用户 ID）")]
__all__ = ["ATTACHMENT_PATH", "MAX_ATTACHMENT_BODY", "router"]  # main.py sets the body limit
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="the same key from the same person is answered, not redone")]


@router.post("/workorders", status_code=201, response_model=WorkOrderRead)
async def create_workorder(body: WorkOrderCreate, user: CurrentUser, token: BearerToken,
                           workorders: WorkOrders, pipeline: Pipeline, retired: Retired,
                           idempotency_key: IdempotencyKey = None) -> WorkOrderRead:
    """The caller is the requester; both supervisors (the requester's manager and the
    department's) are put in copy; the response clock starts now. `opportunity_id`: a
    deal the requester works on (record_links), else 422. A retired department: 422
    naming `department`."""
    await refuse_retired(retired, body.department, field="department")
    await check_deal(pipeline, token, user, body.opportunity_id)
    request = pb.CreateWorkOrderRequest(
        title=body.title, need=body.need, acceptance_standard=body.acceptance_standard,
        due_at=typed_stamp(body.due_at), department=body.department,
        assignee_id=body.assignee_id or "",
        opportunity_id=body.opportunity_id or "", idempotency_key=idempotency_key or "")
    return workorder_read(await workorders.call("CreateWorkOrder", request, user_token=token))


def _list_request(department: str, state: str, overdue: bool, mine: bool,
                  opportunity_id: str, follow_up_of: str,
                  requeued_from: str = "") -> pb.ListWorkOrdersRequest:
    return pb.ListWorkOrdersRequest(department=department, state=state, overdue=overdue,
                                    mine=mine, opportunity_id=opportunity_id,
                                    follow_up_of=follow_up_of, requeued_from=requeued_from)


@router.get("/workorders", response_model=WorkOrderPage)
async def list_workorders(
    _: CurrentUser, token: BearerToken, workorders: WorkOrders,
    department: Text = "", state: Text = "", overdue: bool = False, mine: bool = False,
    opportunity_id: Text = "", follow_up_of: FollowUpOf = "", requeued_from: RequeuedFrom = "",
    cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> WorkOrderPage:
    """Department staff see their department's queue, requesters their own orders,
    managers their regions', director/admin all; newest first."""
    request = _list_request(department, state, overdue, mine, opportunity_id, follow_up_of,
                            requeued_from)
    request.page_size, request.page_token = limit, cursor
    reply = await workorders.call("ListWorkOrders", request, user_token=token)
    return WorkOrderPage(items=[workorder_read(o) for o in reply.work_orders],
                         next_cursor=reply.next_page_token or None)


@router.get("/workorders/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_workorders(
    _: CurrentUser, token: BearerToken, workorders: WorkOrders, pipeline: Pipeline,
    session: Session, department: Text = "", state: Text = "", overdue: bool = False,
    mine: bool = False, opportunity_id: Text = "", follow_up_of: FollowUpOf = "",
    requeued_from: RequeuedFrom = "",
) -> StreamingResponse:
    """The same list and filters as .xlsx, every page; people by name, the deal (商机) by
    its title where the caller may see it, 跟进自 the followed-up order's title."""
    return await export_sheet(workorders, pipeline, token, session, _list_request(
        department, state, overdue, mine, opportunity_id, follow_up_of, requeued_from))


@router.get("/workorders/{workorder_id}", response_model=WorkOrderRead)
async def get_workorder(workorder_id: str, _: CurrentUser, token: BearerToken,
                        workorders: WorkOrders) -> WorkOrderRead:
    reply = await workorders.call("GetWorkOrder", pb.GetWorkOrderRequest(
        work_order_id=workorder_id), user_token=token)
    return workorder_read(reply)


async def _act(method: str, workorders: WorkOrders, token: str, **fields: object
               ) -> WorkOrderRead:
    return workorder_read(await workorders.call(method, pb.ActRequest(**fields),
                                                user_token=token))


@router.post("/workorders/{workorder_id}/assign", response_model=WorkOrderRead)
async def assign(workorder_id: str, body: AssignBody, _: CurrentUser, token: BearerToken,
                 workorders: WorkOrders, idempotency_key: IdempotencyKey = None
                 ) -> WorkOrderRead:
    """The department supervisor names who does it."""
    return await _act("AssignWorkOrder", workorders, token, work_order_id=workorder_id,
                      assignee_id=body.assignee_id, idempotency_key=idempotency_key or "")


@router.post("/workorders/{workorder_id}/accept", response_model=WorkOrderRead)
async def accept(workorder_id: str, _: CurrentUser, token: BearerToken,
                 workorders: WorkOrders, idempotency_key: IdempotencyKey = None
                 ) -> WorkOrderRead:
    """The assignee accepts; unassigned, a member of the department takes it."""
    return await _act("AcceptWorkOrder", workorders, token, work_order_id=workorder_id,
                      idempotency_key=idempotency_key or "")


@router.post("/workorders/{workorder_id}/progress", response_model=WorkOrderRead)
async def progress(workorder_id: str, body: TextBody, _: CurrentUser, token: BearerToken,
                   workorders: WorkOrders, idempotency_key: IdempotencyKey = None
                   ) -> WorkOrderRead:
    """The assignee's update (at least one per working day); the first starts the work."""
    return await _act("PostProgress", workorders, token, work_order_id=workorder_id,
                      text=body.text, idempotency_key=idempotency_key or "")


@router.post("/workorders/{workorder_id}/comments", response_model=WorkOrderRead)
async def comment(workorder_id: str, body: TextBody, _: CurrentUser, token: BearerToken,
                  workorders: WorkOrders, idempotency_key: IdempotencyKey = None
                  ) -> WorkOrderRead:
    return await _act("AddComment", workorders, token, work_order_id=workorder_id,
                      text=body.text, idempotency_key=idempotency_key or "")


@router.post("/workorders/{workorder_id}/deliver", response_model=WorkOrderRead)
async def deliver(workorder_id: str, _: CurrentUser, token: BearerToken,
                  workorders: WorkOrders, body: DeliverBody | None = None,
                  idempotency_key: IdempotencyKey = None) -> WorkOrderRead:
    return await _act("DeliverWorkOrder", workorders, token, work_order_id=workorder_id,
                      text=body.text if body else "", idempotency_key=idempotency_key or "")


@router.post("/workorders/{workorder_id}/review", response_model=WorkOrderRead)
async def review(workorder_id: str, body: ReviewBody, _: CurrentUser, token: BearerToken,
                 workorders: WorkOrders, idempotency_key: IdempotencyKey = None
                 ) -> WorkOrderRead:
    """The requester accepts the delivery (the order closes) or rejects it with a
    reason (back to in_progress)."""
    return await _act("ReviewWorkOrder", workorders, token, work_order_id=workorder_id,
                      accept=body.accept, text=body.reason,
                      idempotency_key=idempotency_key or "")


@router.post("/workorders/{workorder_id}/cancel", response_model=WorkOrderRead)
async def cancel(workorder_id: str, body: ReasonBody, _: CurrentUser, token: BearerToken,
                 workorders: WorkOrders, idempotency_key: IdempotencyKey = None
                 ) -> WorkOrderRead:
    return await _act("CancelWorkOrder", workorders, token, work_order_id=workorder_id,
                      text=body.reason, idempotency_key=idempotency_key or "")


# Attachments and follow-ups live in their own modules; mounted here so main.py names
# one router.
router.include_router(workorder_files.router)
router.include_router(workorder_follow_ups.router)
