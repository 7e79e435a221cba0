"""Changing people (admins only): create a user, change or deactivate one, set a
temporary password. Reading them is routes/user_lists.py.

A password an admin sets, the first one of a create included, is temporary: the admin
knows it, so the person must choose their own before anything else (token_check.py,
`POST /api/v1/me/password`). A change that retires the user's tokens takes effect on
this replica at once and on the others within SALESOS_TOKEN_CHECK_SECONDS."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from servicekit.invalid import InvalidField

from gateway import user_admin
from gateway.adapters import user_repository as users
from gateway.deps import BearerToken, CurrentUser, ServiceClients, Session
from gateway.open_sales_work import refuse_leaving_sales_with_open_work
from gateway.pipeline_client import Pipeline
from gateway.routes import API_PREFIX
from gateway.user_reads import allow, found_user, note_retired, user_read
from gateway.user_schemas import PasswordSet, UserCreate, UserRead, UserUpdate

router = APIRouter(prefix=API_PREFIX, tags=["admin"])
IdempotencyKey = Annotated[str | None, Header(max_length=200, description=(
    "the same key answers the same user, never a second one"))]


@router.post("/admin/users", status_code=201, response_model=UserRead)
async def create_user(body: UserCreate, user: CurrentUser, session: Session,
                      idempotency_key: IdempotencyKey = None) -> UserRead:
    """Admins only. The password is temporary (`password_temporary: true`): the first
    login answers `must_change_password` and opens only `POST /me/password`. Every bad
    field is a 422 naming it (unknown region, a rep without a region, an engineer
    without a department, a manager without regions to manage, a manager_id that cannot
    lead this role, a taken username, a weak password)."""
    allow(user)
    try:
        created, _ = await user_admin.create_user(session, admin=user, body=body,
                                                  idempotency_key=idempotency_key)
    except InvalidField as error:
        raise user_admin.invalid(error) from error
    await session.commit()
    return await user_read(session, created)


@router.patch("/admin/users/{user_id}", response_model=UserRead)
async def update_user(user_id: uuid.UUID, body: UserUpdate, user: CurrentUser,
                      session: Session, request: Request, token: BearerToken,
                      clients: ServiceClients, pipeline: Pipeline) -> UserRead:
    """Only the fields sent change. Deactivating, or changing role, region, department or
    managed regions, makes the user's earlier tokens 401 (they log in again). An admin
    cannot deactivate or demote themselves, and one active admin always remains. A rep or
    manager still holding open leads or deals keeps their role: 409 naming `role` with
    the counts, until they are handed over (open_sales_work.py)."""
    allow(user)
    if {"role", "active"} & body.model_fields_set:
        # The admins before the target, always in this order: taking the target first, two
        # admins stopping each other at once each held what the other waited for (500).
        await users.lock_active_admins(session)
    target = await found_user(session, user_id, lock=True)
    before = target.role
    try:
        retired = await user_admin.update_user(session, admin=user, user=target, body=body)
    except InvalidField as error:
        raise user_admin.invalid(error) from error
    # Asked once every field is known good, before anything is committed.
    await refuse_leaving_sales_with_open_work(clients, pipeline, user_id=str(target.id),
                                              before=before, after=target.role, token=token)
    await session.commit()
    note_retired(request, target, retired)
    return await user_read(session, target)


@router.post("/admin/users/{user_id}/password", status_code=204)
async def set_password(user_id: uuid.UUID, body: PasswordSet, user: CurrentUser,
                       session: Session, request: Request) -> Response:
    """A temporary password to hand over; the user's earlier tokens stop working."""
    allow(user)
    target = await found_user(session, user_id, lock=True)
    try:
        retired = await user_admin.set_password(target, body.password)
    except InvalidField as error:
        raise user_admin.invalid(error) from error
    await session.commit()
    note_retired(request, target, retired)
    return Response(status_code=204)
