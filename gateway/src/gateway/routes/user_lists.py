"""Reading people: admins and directors list, filter, page and export the users, and read
one (`GET /api/v1/admin/users`, `/export.xlsx`, `/{id}`)."""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from servicekit.invalid import InvalidField

from gateway import user_admin
from gateway.adapters import repository
from gateway.adapters import user_repository as users
from gateway.deps import CurrentUser, Session
from gateway.export_rows import EXPORT_MAX_ROWS, export_too_large
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, xlsx_download
from gateway.user_reads import READERS, allow, found_user, user_read, user_reads
from gateway.user_schemas import Role, UserPage, UserRead
from gateway.user_sheet import users_sheet

router = APIRouter(prefix=API_PREFIX, tags=["admin"])


def _filter(role: str | None, region_id: uuid.UUID | None, active: bool | None,
            q: str) -> users.UserFilter:
    return users.UserFilter(role=role or "", region_id=region_id, active=active, q=q.strip())


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
    allow(user, READERS)
    where = _filter(role, region_id, active, q)
    page = await users.page_users(session, where=where, after=_after(cursor), limit=limit + 1)
    more = len(page) > limit
    next_cursor = base64.urlsafe_b64encode(page[limit - 1].username.encode()).decode() \
        if more else None
    return UserPage(items=await user_reads(session, page[:limit]), next_cursor=next_cursor)


# Declared before /admin/users/{user_id}, which would otherwise take "export.xlsx" for an id.
@router.get("/admin/users/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_users(user: CurrentUser, session: Session,
                       role: Role | None = None, region_id: uuid.UUID | None = None,
                       active: bool | None = None,
                       q: Annotated[str, Query(max_length=50)] = "") -> StreamingResponse:
    """The list's filters; every matching user, zh-CN headers."""
    allow(user, READERS)
    people = await users.page_users(session, where=_filter(role, region_id, active, q),
                                    after="", limit=EXPORT_MAX_ROWS + 1)
    if len(people) > EXPORT_MAX_ROWS:
        raise export_too_large("用户", EXPORT_MAX_ROWS, "角色或区域")
    managed = await repository.managed_region_ids(session, user_ids=[u.id for u in people])
    names = await users.names_for_export(session)
    return await xlsx_download(lambda: users_sheet(people, managed, names), "users", "用户")


@router.get("/admin/users/{user_id}", response_model=UserRead)
async def get_user(user_id: uuid.UUID, user: CurrentUser, session: Session) -> UserRead:
    allow(user, READERS)
    return await user_read(session, await found_user(session, user_id))
