"""People admin: admins create, change and deactivate users and set temporary passwords;
admins and directors read the list (and export it). A change that retires the user's
tokens takes effect on this replica at once and on the others within
SALESOS_TOKEN_CHECK_SECONDS (token_check.py)."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from servicekit.auth import Principal
from servicekit.invalid import InvalidField
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import user_admin
from gateway.adapters import repository
from gateway.adapters import user_repository as users
from gateway.adapters.orm import User
from gateway.deps import CurrentUser, Session
from gateway.problems import Problem
from gateway.routes import API_PREFIX
from gateway.spreadsheets import EXPORT_MAX_ROWS, XLSX, export_too_large, xlsx_download
from gateway.user_schemas import PasswordSet, Role, UserCreate, UserPage, UserRead, UserUpdate
from gateway.user_sheet import users_sheet

router = APIRouter(prefix=API_PREFIX, tags=["admin"])
READERS = frozenset({"admin", "director"})
IdempotencyKey = Annotated[str | None, Header(max_length=200, description=(
    "the same key answers the same user, never a second one"))]


def _allow(user: Principal, roles: frozenset[str] = frozenset({"admin"})) -> None:
    if user.role not in roles:
        raise Problem(403, "forbidden", detail="只有管理员可以管理用户" if roles == {"admin"}
                      else "只有管理员或总监可以查看用户")


def _filter(role: str | None, region_id: uuid.UUID | None, active: bool | None,
            q: str) -> users.UserFilter:
    return users.UserFilter(role=role or "", region_id=region_id, active=active, q=q.strip())


async def _reads(session: AsyncSession, people: Sequence[User]) -> list[UserRead]:
    managed = await repository.managed_region_ids(session, user_ids=[u.id for u in people])
    return [UserRead(id=str(u.id), username=u.username, display_name=u.display_name,
                     role=u.role, region_id=_str(u.region_id),  # type: ignore[arg-type]
                     department_id=_str(u.department_id), manager_id=_str(u.manager_id),
                     managed_region_ids=[str(r) for r in managed.get(u.id, [])],
                     active=u.active, created_at=u.created_at, updated_at=u.updated_at)
            for u in people]


def _str(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _after(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode() if cursor else ""
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise user_admin.invalid(InvalidField("cursor", "无效的分页游标")) from error


@router.get("/admin/users", response_model=UserPage)
async def list_users(user: CurrentUser, session: Session,
                     role: Role | None = None, region_id: uuid.UUID | None = None,
                     active: bool | None = None,
                     q: Annotated[str, Query(max_length=50)] = "",
                     cursor: Annotated[str, Query(max_length=200)] = "",
                     limit: Annotated[int, Query(ge=1, le=200)] = 50) -> UserPage:
    """By username. `region_id`: home region or a managed one; `q`: part of the username
    or display name; `active`: true/false (both when absent)."""
    _allow(user, READERS)
    where = _filter(role, region_id, active, q)
    page = await users.page_users(session, where=where, after=_after(cursor), limit=limit + 1)
    more = len(page) > limit
    next_cursor = base64.urlsafe_b64encode(page[limit - 1].username.encode()).decode() \
        if more else None
    return UserPage(items=await _reads(session, page[:limit]), next_cursor=next_cursor)


@router.get("/admin/users/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_users(user: CurrentUser, session: Session,
                       role: Role | None = None, region_id: uuid.UUID | None = None,
                       active: bool | None = None,
                       q: Annotated[str, Query(max_length=50)] = "") -> StreamingResponse:
    """The list's filters; every matching user, zh-CN headers."""
    _allow(user, READERS)
    people = await users.page_users(session, where=_filter(role, region_id, active, q),
                                    after="", limit=EXPORT_MAX_ROWS + 1)
    if len(people) > EXPORT_MAX_ROWS:
        raise export_too_large("用户", EXPORT_MAX_ROWS, "角色或区域")
    managed = await repository.managed_region_ids(session, user_ids=[u.id for u in people])
    names = await users.names_for_export(session)
    return await xlsx_download(lambda: users_sheet(people, managed, names), "users", "用户")


async def _found(session: AsyncSession, user_id: uuid.UUID, *, lock: bool = False) -> User:
    found = await session.get(User, user_id, with_for_update=lock or None)
    if found is None:
        raise Problem(404, "not_found", detail="用户不存在")
    return found


@router.get("/admin/users/{user_id}", response_model=UserRead)
async def get_user(user_id: uuid.UUID, user: CurrentUser, session: Session) -> UserRead:
    _allow(user, READERS)
    return (await _reads(session, [await _found(session, user_id)]))[0]


@router.post("/admin/users", status_code=201, response_model=UserRead)
async def create_user(body: UserCreate, user: CurrentUser, session: Session,
                      idempotency_key: IdempotencyKey = None) -> UserRead:
    """Admins only. Every bad field is a 422 naming it (unknown region, a rep without a
    region, an engineer without a department, a manager without regions to manage, a
    manager_id that cannot lead this role, a taken username, a weak password)."""
    _allow(user)
    try:
        created, _ = await user_admin.create_user(session, admin=user, body=body,
                                                  idempotency_key=idempotency_key)
    except InvalidField as error:
        raise user_admin.invalid(error) from error
    await session.commit()
    return (await _reads(session, [created]))[0]


@router.patch("/admin/users/{user_id}", response_model=UserRead)
async def update_user(user_id: uuid.UUID, body: UserUpdate, user: CurrentUser,
                      session: Session, request: Request) -> UserRead:
    """Only the fields sent change. Deactivating, or changing role, region, department or
    managed regions, makes the user's earlier tokens 401 (they log in again). An admin
    cannot deactivate or demote themselves, and one active admin always remains."""
    _allow(user)
    if {"role", "active"} & body.model_fields_set:
        # The admins before the target, always in this order: taking the target first, two
        # admins stopping each other at once each held what the other waited for (500).
        await users.lock_active_admins(session)
    target = await _found(session, user_id, lock=True)
    try:
        retired = await user_admin.update_user(session, admin=user, user=target, body=body)
    except InvalidField as error:
        raise user_admin.invalid(error) from error
    await session.commit()
    _note(request, target, retired)
    return (await _reads(session, [target]))[0]


@router.post("/admin/users/{user_id}/password", status_code=204)
async def set_password(user_id: uuid.UUID, body: PasswordSet, user: CurrentUser,
                       session: Session, request: Request) -> Response:
    """A temporary password to hand over; the user's earlier tokens stop working."""
    _allow(user)
    target = await _found(session, user_id, lock=True)
    try:
        retired = await user_admin.set_password(target, body.password)
    except InvalidField as error:
        raise user_admin.invalid(error) from error
    await session.commit()
    _note(request, target, retired)
    return Response(status_code=204)


def _note(request: Request, user: User, retired: datetime | None) -> None:
    if retired is not None:
        request.app.state.token_cutoffs.note(str(user.id), retired)
