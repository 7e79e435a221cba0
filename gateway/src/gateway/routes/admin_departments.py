"""Departments (work-order queues: 技术部, 交付部, 财务部 …): admins create, change and
retire them, directors may read them (`/api/v1/admin/departments`, `/export.xlsx`,
`/{code}`, `/{code}/retire`: department_retire.py).

A new department takes work orders at once: put people in it through `/admin/users`
(`department_id`), name its supervisor here or let the reporting line decide, and it
follows the default escalation chain until one is set for it
(`PUT /api/v1/workorders/escalation-chains/{code}`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.workorders.v1 import workorders_pb2 as pb

from gateway import department_admin, department_retire, org_access
from gateway.department_schemas import (
    KIND_ZH,
    DepartmentCreate,
    DepartmentList,
    DepartmentRead,
    DepartmentUpdate,
)
from gateway.departments import staffing
from gateway.deps import BearerToken, CurrentUser, Session
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, wall_clock, xlsx_download
from gateway.workorders_client import WorkOrders

router = APIRouter(prefix=API_PREFIX + "/admin/departments", tags=["admin"])
IdempotencyKey = Annotated[str | None, Header(max_length=200, description=(
    "the same key answers the same department, never a second one"))]
HEADERS = ["编码", "名称", "主管", "主管来源", "在职人数", "状态", "创建时间", "撤销时间", "类型"]
FROM_ZH = {"named": "管理员指定", "reporting_line": "按汇报关系"}
STATE_ZH = {"active": "在用", "retired": "已撤销"}
State = Annotated[Literal["active", "retired"] | None, Query(
    description="only active or only retired departments; every one when left out")]
PAGE = 100


def _allow(role: str, *, write: bool) -> None:
    org_access.allow(role, write=write, what="部门")


async def _read(session: Session, state: str | None) -> list[DepartmentRead]:
    found = [department_admin.department_read(s) for s in await staffing(session)]
    return [d for d in found if state is None or d.state == state]


@router.get("", response_model=DepartmentList)
async def list_departments(user: CurrentUser, session: Session,
                           state: State = None) -> DepartmentList:
    """Every department by code, with who supervises it now and whether it is retired."""
    _allow(user.role, write=False)
    return DepartmentList(items=await _read(session, state))


@router.get("/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_departments(user: CurrentUser, session: Session,
                             state: State = None) -> StreamingResponse:
    """The list as .xlsx, zh-CN headers, with each department's state (在用 / 已撤销)."""
    _allow(user.role, write=False)
    rows = await _read(session, state)

    def build() -> Sheet:
        sheet = Sheet("部门", HEADERS)
        for d in rows:
            sheet.append([d.code, d.name, d.acting_supervisor_name,
                          FROM_ZH.get(d.supervisor_from or ""), d.members, STATE_ZH[d.state],
                          wall_clock(d.created_at), wall_clock(d.retired_at),
                          KIND_ZH[d.kind]])
        return sheet

    return await xlsx_download(build, "departments", "部门")


@router.post("", status_code=201, response_model=DepartmentRead,
             responses={409: {"description": "the code is taken"}})
async def create_department(body: DepartmentCreate, user: CurrentUser, session: Session,
                            idempotency_key: IdempotencyKey = None) -> DepartmentRead:
    """Admins only. 409 naming `code` when it is taken; 422 naming `supervisor_id` when
    that person cannot supervise it (a new department has no members yet, so only a
    manager or director; name a member later with PATCH). `kind: sales` for a sales
    department (销售一部 …, whatever its code): it takes no work orders."""
    _allow(user.role, write=True)
    return await department_admin.create(session, by=user, body=body,
                                         idempotency_key=idempotency_key)


@router.patch("/{code}", response_model=DepartmentRead)
async def update_department(code: str, body: DepartmentUpdate, user: CurrentUser,
                            session: Session) -> DepartmentRead:
    """Admins only. Only the fields sent change. The supervisor is an active member of
    the department, or a manager or director; `null` leaves it to the reporting line.
    `kind: sales` stops new work orders to it (live ones go on); 409 naming `kind` for
    技术部 (`engineering`), which takes the deals' non-standard requests on its own."""
    _allow(user.role, write=True)
    return await department_admin.update(session, by=user, code=code, body=body)


@router.post("/{code}/retire", response_model=DepartmentRead,
             responses={409: {"description": "people or live work orders are still in it"}})
async def retire_department(code: str, user: CurrentUser, token: BearerToken,
                            session: Session, workorders: WorkOrders) -> DepartmentRead:
    """Admins only. Retired: kept in lists and history, no new members or work orders.
    409 with `members` and `open_work_orders` while either is not 0; a retired one is
    answered as it is. The work-order service down: 503, nothing changed."""
    _allow(user.role, write=True)

    async def live_orders(department: str) -> int:
        count = 0
        for state in department_retire.LIVE_WORK_ORDER_STATES:
            cursor = None
            while cursor != "":
                page = await workorders.call("ListWorkOrders", pb.ListWorkOrdersRequest(
                    department=department, state=state, page_size=PAGE,
                    page_token=cursor or ""), user_token=token)
                count, cursor = count + len(page.work_orders), page.next_page_token
        return count

    return await department_retire.retire(session, by=user, code=code,
                                          open_orders=live_orders)
