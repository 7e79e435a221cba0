"""Log in with username and password; read who you are."""

from __future__ import annotations

import asyncio
import uuid

from fastapi import APIRouter, Request

from gateway import auth, login_limit
from gateway.adapters import repository
from gateway.deps import CurrentUser, Session, Settings
from gateway.problems import Problem
from gateway.routes import API_PREFIX
from gateway.schemas import MeRead, TokenRequest, TokenResponse

router = APIRouter(prefix=API_PREFIX, tags=["auth"])


@router.post("/auth/token", response_model=TokenResponse,
             responses={429: {"description": "too many failed logins for this username or "
                                             "address this minute (Retry-After)"}})
async def login(body: TokenRequest, request: Request, session: Session,
                settings: Settings) -> TokenResponse:
    login_limit.refuse_if_locked(request, body.username)
    user = await repository.get_user_by_username(session, username=body.username)
    hash_ = user.password_hash if user and user.active else None
    # argon2 is deliberately slow (tens of ms); off the event loop, other requests go on.
    if not await asyncio.to_thread(auth.verify_password, hash_, body.password) or user is None:
        await login_limit.count_failure(request, body.username)
        raise Problem(401, "unauthorized", detail="用户名或密码错误")
    if hash_ and auth.needs_rehash(hash_):
        user.password_hash = await asyncio.to_thread(auth.hash_password, body.password)
        await session.commit()
    managed = await repository.managed_region_ids(session, user_ids=[user.id])
    claims = auth.region_claims(user, managed=managed.get(user.id, []),
                                all_regions=await repository.all_region_ids(session))
    ttl = settings.jwt_ttl_seconds
    token = auth.token_for(auth.principal_for(user, claims),
                           secret=settings.jwt_secret.get_secret_value(), ttl_seconds=ttl)
    return TokenResponse(access_token=token, expires_in=ttl,
                         must_change_password=user.must_change_password)


@router.get("/me", response_model=MeRead)
async def me(principal: CurrentUser, session: Session) -> MeRead:
    user = await repository.get_user(session, user_id=uuid.UUID(principal.user_id))
    if user is None or not user.active:
        raise Problem(401, "unauthorized", detail="用户不存在或已停用")
    return MeRead(
        id=str(user.id), username=user.username, display_name=user.display_name,
        role=user.role, region_id=_str(user.region_id), department_id=_str(user.department_id),
        manager_id=_str(user.manager_id), region_ids=list(principal.region_ids),
    )


def _str(value: object | None) -> str | None:
    return None if value is None else str(value)
