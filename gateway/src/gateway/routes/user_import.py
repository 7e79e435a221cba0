"""Admins import their people from the spreadsheet they keep them in
(`POST /api/v1/admin/users/import`): the people export's columns, new rows created with
temporary passwords shown once, all rows or none (user_import.py)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, File, Header, Request, Response, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from gateway import user_import
from gateway.deps import CurrentUser, Session
from gateway.routes import API_PREFIX
from gateway.routes.product_import import rows_problem
from gateway.spreadsheets import XLSX, Sheet, xlsx_download
from gateway.user_import_sheet import MAX_ROWS, load
from gateway.user_reads import allow

router = APIRouter(prefix=API_PREFIX, tags=["admin"])
UPLOAD_PATH = f"{API_PREFIX}/admin/users/import"
MAX_UPLOAD_BYTES = 1024 * 1024  # 300 people are ~20 KB of .xlsx; room for styling
NOT_KEPT = {"Cache-Control": "no-store"}  # the answer holds passwords


class ImportedUser(BaseModel):
    username: str
    display_name: str
    temporary_password: str = Field(description="shown in this answer only; the user "
                                                "must change it at their first login")


class PeopleImported(BaseModel):
    created: int = Field(description="users the file added")
    unchanged: int = Field(description="rows equal to a user who exists: importing the "
                                       "same file again gives only these")
    users: list[ImportedUser] = Field(description="the created users, in file order")


@router.post("/admin/users/import", status_code=201, response_model=PeopleImported,
             responses={201: {"content": {XLSX: {}}},
                        403: {"description": "not an admin"},
                        413: {"description": f"over 1 MB, {MAX_ROWS} rows or "
                                        f"{user_import.MAX_NEW} new people"},
                        415: {"description": "not an .xlsx or .csv file"},
                        422: {"description": "`errors` lists each bad cell: row, column "
                                             "(zh header), message; nothing is created"}})
async def import_users(
    request: Request, response: Response, user: CurrentUser, session: Session,
    file: Annotated[UploadFile, File(description=".xlsx as the people export writes it, "
                                                 "or .csv")],
    accept: Annotated[str, Header(max_length=1000)] = "",
    idempotency_key: Annotated[str | None, Header(max_length=200, description=(
        "accepted, not needed: the same file again creates nobody"))] = None,
) -> PeopleImported | Response:
    """Admins only. The columns of `GET /admin/users/export.xlsx` (用户名, 姓名, 角色, 所属区域,
    部门, 上级, 管理的区域, 状态; 区域/管理区域 also read), the header possibly under a title
    line; other columns are ignored. Roles, regions and departments by zh name or code;
    上级 by username (or a display name only one person has). Each new row is checked with
    exactly the rules of `POST /admin/users`; a 上级 may be another new row, wherever it
    is in the file. A row whose username exists must equal that user (counted
    `unchanged`); changes go through `PATCH /admin/users/{id}`. All or nothing: any bad
    row is a 422 listing every bad cell (`rows.<row>.<field>`), and no one is created.

    Each created user gets a random temporary password, returned in this answer only
    (`Cache-Control: no-store`; it is stored hashed): hand them out, or set another with
    `POST /admin/users/{id}/password`. `Accept: XLSX` answers the same as a workbook
    (用户名, 姓名, 初始密码). Idempotency-Key is not needed: a retried upload finds every
    user it created and answers them `unchanged` — but without their passwords, which
    are never shown twice."""
    allow(user)
    people, errors = await asyncio.to_thread(load, await file.read(), file.filename or "")
    try:
        imported = await user_import.import_people(session, admin=user, people=people,
                                                   errors=errors)
    except user_import.RowsRefused as refused:
        await session.rollback()
        return rows_problem(refused.errors, len(refused.errors), request.url.path,
                            what="用户")
    await session.commit()
    answer = PeopleImported(created=len(imported.hired), unchanged=imported.unchanged, users=[
        ImportedUser(username=h.user.username, display_name=h.user.display_name,
                     temporary_password=h.temporary_password) for h in imported.hired])
    if XLSX in accept:
        return await _workbook(answer)
    response.headers.update(NOT_KEPT)
    return answer


async def _workbook(answer: PeopleImported) -> StreamingResponse:
    def build() -> Sheet:
        sheet = Sheet("初始密码", ["用户名", "姓名", "初始密码"])
        for one in answer.users:
            sheet.append([one.username, one.display_name, one.temporary_password])
        return sheet

    download = await xlsx_download(build, "temporary-passwords", "初始密码")
    download.status_code = 201
    download.headers.update(NOT_KEPT)
    return download

