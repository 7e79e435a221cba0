"""Retiring a department (merged into another, closed): `POST /admin/departments/{code}/retire`.

A retired department stays: the people who were in it and the work orders it handled
still name it (lists, exports, history, OrgDirectory.ListDepartments), and the list shows
it with `state: retired`. It takes no new members (`/admin/users`, 422 naming
`department_id`) and no new work orders (`POST /workorders`, 422 naming `department`).
While anyone active still belongs to it or a work order is still live in it the retire is
409, naming both counts: move the people and finish (or cancel) the orders first, so
nothing is left in a queue nobody reads. Retiring a retired department answers it as it
is (a retry changes nothing). There is no un-retire: create a new department."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from servicekit.auth import Principal
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.adapters.orm import Department
from gateway.department_admin import read_one
from gateway.department_schemas import DepartmentRead
from gateway.departments import staffing
from gateway.problems import FieldProblem, Problem, validation_problem

log = logging.getLogger(__name__)
# The work-order states an order is still live in (workorders domain/model.py LIVE).
LIVE_WORK_ORDER_STATES = ("open", "accepted", "in_progress", "delivered")
# Departments the system itself sends orders to (workorders ordering.AUTO_DEPARTMENT:
# a deal's non-standard request opens a 技术部 order), so never retired.
SYSTEM_DEPARTMENTS = {
    "engineering": "技术部接收商机非标方案的自动工单，不能撤销；可以改名或更换主管"}


def blockers(*, name: str, members: int, open_orders: int) -> Problem | None:
    """What keeps a department from retiring, as the 409 an admin reads; None: nothing."""
    if not members and not open_orders:
        return None
    held = "、".join(part for part in (f"{members} 名在职成员" if members else "",
                                       f"{open_orders} 张进行中的工单" if open_orders else "")
                     if part)
    todo = "、".join(part for part in ("先把成员调到其他部门" if members else "",
                                       "把工单办结或取消" if open_orders else "") if part)
    return Problem(409, "conflict", field="members" if members else "open_work_orders",
                   detail=f"部门「{name}」仍有 {held}：请{todo}，再撤销",
                   extensions={"members": members, "open_work_orders": open_orders})


async def retire(session: AsyncSession, *, by: Principal, code: str,
                 open_orders: Callable[[str], Awaitable[int]]) -> DepartmentRead:
    dept = await session.scalar(select(Department).where(Department.code == code)
                                .with_for_update())
    if dept is None:
        raise Problem(404, "not_found", detail="部门不存在", field="code")
    if dept.retired_at is not None:
        return await read_one(session, dept.id)
    if code in SYSTEM_DEPARTMENTS:
        raise Problem(409, "conflict", detail=SYSTEM_DEPARTMENTS[code], field="code")
    members = next(len(s.members) for s in await staffing(session) if s.department.id == dept.id)
    refused = blockers(name=dept.name, members=members, open_orders=await open_orders(code))
    if refused is not None:
        raise refused
    dept.retired_at = dept.updated_at = datetime.now(UTC)
    dept.retired_by = by.user_id
    await session.commit()
    log.info("department %s (%s) retired by %s", dept.code, dept.name, by.username)
    return await read_one(session, dept.id)


# As the work-order service words it (workorders service_layer/departments.py NOT_SALES).
NOT_SALES = ("「{name}」是销售部门，不受理工单（其队列全公司销售可见）：涉及某个商机的请直接联系"
             "该商机负责人，其他事项请联系相应区域的销售经理")


class RetiredDepartments:
    """Why a department code takes no new work order — retired, or a sales one (kind
    销售部门) — asked of the database on each new order (one indexed lookup, so an order
    cannot slip into a department retired, or made a sales one, a moment ago: the
    work-order service refuses sales departments too, but knows kinds through its 5 s
    directory cache; `app.state.retired_departments`, which the unit tests' apps without
    a database fake)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def refusal(self, code: str) -> str | None:
        """The 422's message; None: it takes orders, or no such code."""
        async with self.sessions() as session:
            dept = (await session.execute(
                select(Department.retired_at, Department.kind, Department.name)
                .where(Department.code == code))).first()
        if dept is None:
            return None
        if dept.retired_at is not None:
            return f"部门 {code} 已撤销，不再接收新工单"
        return NOT_SALES.format(name=dept.name) if dept.kind == "sales" else None


async def refuse_retired(departments: RetiredDepartments, code: str, *, field: str) -> None:
    """422 naming `field` when the department of that code is retired or a sales one (an
    unknown code is left to whoever owns the check: the work-order service answers it)."""
    if (message := await departments.refusal(code)) is not None:
        raise validation_problem([FieldProblem(field, message)])


async def _retired_departments(request: Request) -> RetiredDepartments:
    found: RetiredDepartments = request.app.state.retired_departments
    return found


Retired = Annotated[RetiredDepartments, Depends(_retired_departments)]
