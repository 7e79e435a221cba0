"""Departments and their supervisors, for OrgDirectory.ListDepartments.

A department's supervisor is its active member whom the others report to: the member
whose own manager is outside the department (the org chart has no separate "head"
column, and the reporting line already says who leads whom)."""

from __future__ import annotations

import uuid

from salesos.org.v1 import org_pb2
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import Department, User


def supervisor_of(members: list[User]) -> User | None:
    ids = {m.id for m in members}
    heads = [m for m in members if m.manager_id not in ids]
    # Most reports first, then username: stable when two members qualify.
    reports = {m.id: sum(1 for o in members if o.manager_id == m.id) for m in heads}
    heads.sort(key=lambda m: (-reports[m.id], m.username))
    return heads[0] if heads else None


async def list_departments(session: AsyncSession) -> org_pb2.ListDepartmentsResponse:
    departments = list(await session.scalars(select(Department).order_by(Department.code)))
    users = list(await session.scalars(select(User).where(User.active)))
    members: dict[uuid.UUID, list[User]] = {}
    for user in users:
        if user.department_id is not None:
            members.setdefault(user.department_id, []).append(user)
    reply = org_pb2.ListDepartmentsResponse()
    for dept in departments:
        head = supervisor_of(members.get(dept.id, []))
        reply.departments.append(org_pb2.Department(
            id=str(dept.id), code=dept.code, name=dept.name,
            supervisor_id=str(head.id) if head else ""))
    return reply
