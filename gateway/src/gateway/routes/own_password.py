"""`POST /api/v1/me/password`: a user changes their own password with the current one.

Wrong current passwords count as failed logins (login_limit.py): a stolen token must not
become a way to guess the password at argon2's pace. On success every other session of
the user ends (earlier tokens 401) and this one gets a fresh token to go on with."""

from __future__ import annotations

import asyncio
import uuid

from fastapi import APIRouter, Request
from servicekit.invalid import InvalidField

from gateway import auth, login_limit, user_admin
from gateway.adapters import repository
from gateway.adapters.orm import User
from gateway.deps import PasswordChanger, Session, Settings
from gateway.problems import Problem
from gateway.routes import API_PREFIX
from gateway.schemas import TokenResponse
from gateway.user_schemas import OwnPasswordChange

router = APIRouter(prefix=API_PREFIX, tags=["auth"])


@router.post("/me/password", response_model=TokenResponse,
             responses={429: {"description": "too many failed attempts (Retry-After)"}})
async def change_own_password(body: OwnPasswordChange, principal: PasswordChanger,
                              session: Session, settings: Settings,
                              request: Request) -> TokenResponse:
    """422 `current_password` when it is wrong, 422 `new_password` against the policy;
    answers a new token: the one used here and every other stops working."""
    login_limit.refuse_if_locked(request, principal.username)
    user = await session.get(User, uuid.UUID(principal.user_id), with_for_update=True)
    if user is None or not user.active:
        raise Problem(401, "unauthorized", detail="用户不存在或已停用")
    if not await asyncio.to_thread(auth.verify_password, user.password_hash,
                                   body.current_password):
        await login_limit.count_failure(request, user.username)
        raise user_admin.invalid(InvalidField("current_password", "当前密码不正确"))
    if body.new_password == body.current_password:
        raise user_admin.invalid(InvalidField("new_password", "新密码不能与当前密码相同"))
    try:
        retired = await user_admin.set_password(user, body.new_password, field="new_password",
                                                temporary=False)
    except InvalidField as error:
        raise user_admin.invalid(error) from error
    await session.commit()
    request.app.state.token_cutoffs.note(str(user.id), retired)
    managed = await repository.managed_region_ids(session, user_ids=[user.id])
    claims = auth.region_claims(user, managed=managed.get(user.id, []),
                                all_regions=await repository.all_region_ids(session))
    ttl = settings.jwt_ttl_seconds
    token = auth.token_for(auth.principal_for(user, claims),
                           secret=settings.jwt_secret.get_secret_value(), ttl_seconds=ttl)
    return TokenResponse(access_token=token, expires_in=ttl)
