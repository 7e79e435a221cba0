"""Departments and their supervisors, for OrgDirectory.ListDepartments and the admin list.

A department's supervisor is the active user an admin named for it (an active member,
or a manager or director: department_admin.py), else its active member whom the others
report to: the member whose own manager is outside the department (the reporting line
already says who leads whom). A named supervisor who has since left, or who moved to
another department (and is no manager or director), is passed over, so the queue never
waits on a stopped account or on someone who no longer reads it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from salesos.org.v1 import org_pb2
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import Department, User

SUPERVISING_ROLES = frozenset({"manager", "director"})  # may lead a department not theirs


@dataclass(frozen=True)
class Staffing:
    department: Department
    members: list[User]
    supervisor: User | None
    named: bool  # the supervisor is the one an admin named (not the reporting line's)


def supervisor_of(members: list[User]) -> User | None:
    ids = {m.id for m in members}
    heads = [m for m in members if m.manager_id not in ids]
    # Most reports first, then username: stable when two members qualify.
    reports = {m.id: sum(1 for o in members if o.manager_id == m.id) for m in heads}
    heads.sort(key=lambda m: (-reports[m.id], m.username))
    return heads[0] if heads else None


async def staffing(session: AsyncSession) -> list[Staffing]:
    """Every department by code, with its active members and its supervisor now."""
    departments = list(await session.scalars(select(Department).order_by(Department.code)))
    users = {u.id: u for u in await session.scalars(select(User).where(User.active))}
    members: dict[uuid.UUID, list[User]] = {}
    for user in users.values():
        if user.department_id is not None:
            members.setdefault(user.department_id, []).append(user)
    found = []
    for dept in departments:
        own = members.get(dept.id, [])
        named = users.get(dept.supervisor_id) if dept.supervisor_id else None
        if named and named.department_id != dept.id and named.role not in SUPERVISING_ROLES:
            named = None  # named as a member, since moved to another department
        found.append(Staffing(dept, own, named or supervisor_of(own), named is not None))
    return found


async def list_departments(session: AsyncSession) -> org_pb2.ListDepartmentsResponse:
    reply = org_pb2.ListDepartmentsResponse()
    for s in await staffing(session):
        reply.departments.append(org_pb2.Department(
            id=str(s.department.id), code=s.department.code, name=s.department.name,
            supervisor_id=str(s.supervisor.id) if s.supervisor else "",
            retired=s.department.retired_at is not None, kind=s.department.kind))
    return reply
