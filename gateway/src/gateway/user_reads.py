"""What the people-admin routes share: who may call them, finding the user, and the
`UserRead` answer (routes/user_lists.py reads, routes/admin_users.py writes)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from fastapi import Request
from servicekit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters import repository
from gateway.adapters.orm import User
from gateway.problems import Problem
from gateway.user_schemas import UserRead

WRITERS = frozenset({"admin"})
READERS = frozenset({"admin", "director"})


def allow(user: Principal, roles: frozenset[str] = WRITERS) -> None:
    if user.role not in roles:
        raise Problem(403, "forbidden", detail="只有管理员可以管理用户" if roles == WRITERS
                      else "只有管理员或总监可以查看用户")


async def user_reads(session: AsyncSession, people: Sequence[User]) -> list[UserRead]:
    managed = await repository.managed_region_ids(session, user_ids=[u.id for u in people])
    return [UserRead(id=str(u.id), username=u.username, display_name=u.display_name,
                     role=u.role, region_id=_str(u.region_id),  # type: ignore[arg-type]
                     department_id=_str(u.department_id), manager_id=_str(u.manager_id),
                     managed_region_ids=[str(r) for r in managed.get(u.id, [])],
                     active=u.active, password_temporary=u.must_change_password,
                     created_at=u.created_at, updated_at=u.updated_at)
            for u in people]


async def user_read(session: AsyncSession, user: User) -> UserRead:
    return (await user_reads(session, [user]))[0]


def _str(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


async def found_user(session: AsyncSession, user_id: uuid.UUID, *,
                     lock: bool = False) -> User:
    found = await session.get(User, user_id, with_for_update=lock or None)
    if found is None:
        raise Problem(404, "not_found", detail="用户不存在")
    return found


def note_retired(request: Request, user: User, retired: datetime | None) -> None:
    """This replica refuses the user's earlier tokens at once (the others within
    SALESOS_TOKEN_CHECK_SECONDS, token_check.py)."""
    if retired is not None:
        request.app.state.token_cutoffs.note(str(user.id), retired)
