"""Departments as an admin sets a company up: create one, rename it, name its supervisor.

Each use case commits once (nothing is written when a field is bad). A department is
known everywhere as soon as it is committed: OrgDirectory.ListDepartments reads this
table, and the work-order service asks again when it meets a code it does not know yet
(its directory cache would otherwise refuse a new department's first order for 5 s).
Users are put in it through `/admin/users` (`department_id`); a department without its
own escalation chain follows the default one (workorders domain/chain.py)."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from servicekit.auth import Principal
from servicekit.idempotency import fingerprint
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import Department, User
from gateway.create_once import created_before
from gateway.department_schemas import DepartmentCreate, DepartmentRead, DepartmentUpdate
from gateway.departments import SUPERVISING_ROLES, Staffing, staffing
from gateway.org_unit_names import name_key
from gateway.problems import FieldProblem, Problem, validation_problem

log = logging.getLogger(__name__)
# pg_advisory_xact_lock key: names are checked and written one change at a time, so two
# admins cannot both give the same name (as region_map.REGION_LOCK for regions).
DEPARTMENT_NAME_LOCK = 0xDE9A_7E17
# The work-order service sends a deal's non-standard request to 技术部 on its own
# (workorders ordering.AUTO_DEPARTMENT): it must stay a queue.
AUTO_QUEUE = {"engineering": "技术部接收商机非标方案的自动工单，必须是职能部门"}


def department_read(s: Staffing) -> DepartmentRead:
    d, head = s.department, s.supervisor
    return DepartmentRead(
        id=str(d.id), code=d.code, name=d.name,
        supervisor_id=str(d.supervisor_id) if d.supervisor_id else None,
        acting_supervisor_id=str(head.id) if head else None,
        acting_supervisor_name=(head.display_name or head.username) if head else None,
        supervisor_from=("named" if s.named else "reporting_line") if head else None,
        members=len(s.members), kind=d.kind,
        state="retired" if d.retired_at else "active",
        created_at=d.created_at, retired_at=d.retired_at)


async def read_one(session: AsyncSession, department_id: uuid.UUID) -> DepartmentRead:
    return next(department_read(s) for s in await staffing(session)
                if s.department.id == department_id)


def _invalid(field: str, message: str) -> Problem:
    return validation_problem([FieldProblem(field, message)])


async def _check_supervisor(session: AsyncSession, supervisor_id: uuid.UUID | None,
                            department_id: uuid.UUID | None) -> None:
    """An active member of the department, or a manager or director: someone who reads
    its queue or oversees it, and can be told when an order waits."""
    if supervisor_id is None:
        return
    person = await session.get(User, supervisor_id)
    if person is None:
        raise _invalid("supervisor_id", "主管用户不存在")
    if not person.active:
        raise _invalid("supervisor_id", "主管用户已停用")
    member = department_id is not None and person.department_id == department_id
    if not member and person.role not in SUPERVISING_ROLES:
        raise _invalid("supervisor_id", "部门主管须为本部门的在职成员，或经理、总监")


async def _check_name_free(session: AsyncSession, name: str, code: str | None) -> None:
    """People pick a department by its name (hiring, work orders, filters, exports), so
    two active ones never share one; a retired department's name may be taken again.
    Compared tidied (org_unit_names.py), in Python: a name stored before names were
    tidied, with its double space, still blocks its look-alike (a handful of rows)."""
    await session.execute(select(func.pg_advisory_xact_lock(DEPARTMENT_NAME_LOCK)))
    active = await session.execute(select(Department.name, Department.code)
                                   .where(Department.retired_at.is_(None)))
    others = {name_key(n): c for n, c in active if c != code}
    if (owner := others.get(name_key(name))) is not None:
        raise Problem(409, "conflict", detail=f"部门名称「{name}」已被部门 {owner} 使用",
                      field="name")


def _code_taken(code: str) -> Problem:
    return Problem(409, "conflict", detail=f"部门编码 {code} 已存在", field="code")


async def create(session: AsyncSession, *, by: Principal, body: DepartmentCreate,
                 idempotency_key: str | None) -> DepartmentRead:
    # A functional one hashes as before kinds, so a retry across the upgrade still matches.
    kind = [body.kind] if body.kind != "functional" else []
    asked = fingerprint(body.code, body.name, body.supervisor_id, *kind)
    first = await created_before(session, Department, by=by,
                                 idempotency_key=idempotency_key, asked=asked)
    if first is not None:
        return await read_one(session, first.id)
    if await session.scalar(select(Department.id).where(Department.code == body.code)):
        raise _code_taken(body.code)
    # A new department has no members yet: only a manager or director may lead it now.
    await _check_supervisor(session, body.supervisor_id, None)
    await _check_name_free(session, body.name, None)
    dept = Department(id=uuid.uuid4(), code=body.code, name=body.name, kind=body.kind,
                      supervisor_id=body.supervisor_id, created_by=by.user_id,
                      idempotency_key=idempotency_key, request_hash=asked)
    session.add(dept)
    try:
        await session.commit()
    except IntegrityError as error:  # the same code, or this key's first request, just won
        await session.rollback()
        if idempotency_key:
            return await create(session, by=by, body=body, idempotency_key=idempotency_key)
        raise _code_taken(body.code) from error
    log.info("department %s created by %s", dept.code, by.username)
    return await read_one(session, dept.id)


async def update(session: AsyncSession, *, by: Principal, code: str,
                 body: DepartmentUpdate) -> DepartmentRead:
    dept = await session.scalar(select(Department).where(Department.code == code)
                                .with_for_update())
    if dept is None:
        raise Problem(404, "not_found", detail="部门不存在", field="code")
    sent = body.model_fields_set
    for field in ("name", "kind"):
        if field in sent and getattr(body, field) is None:
            raise _invalid(field, "不能为 null")
    if body.kind is not None:
        if body.kind == "sales" and code in AUTO_QUEUE:
            raise Problem(409, "conflict", detail=AUTO_QUEUE[code], field="kind")
        dept.kind = body.kind  # live orders in it go on; only new ones are refused
    if "supervisor_id" in sent:
        await _check_supervisor(session, body.supervisor_id, dept.id)
        dept.supervisor_id = body.supervisor_id
    if body.name is not None and body.name != dept.name:  # its own name: no clash
        await _check_name_free(session, body.name, dept.code)
        dept.name = body.name
    dept.updated_at = datetime.now(UTC)
    await session.commit()
    log.info("department %s changed by %s: %s", dept.code, by.username, sorted(sent))
    return await read_one(session, dept.id)
