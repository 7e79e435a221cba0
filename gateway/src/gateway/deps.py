"""Annotated dependencies, so a route's signature says what it needs and auth cannot be
forgotten: `user: CurrentUser`, `session: Session`, `source: IntakeSourceByKey`, and
`EarningsReader` on every route that shows what a person earns."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from servicekit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.clients import Clients
from gateway.intake_keys import SourceRef
from gateway.problems import Problem
from gateway.settings import GatewaySettings
from gateway.token_check import unauthorized, user_from_token

_bearer = HTTPBearer(auto_error=False, description="JWT from POST /api/v1/auth/token")


# Dependencies are `async def` even where they do no I/O: FastAPI runs a plain `def`
# dependency in a worker thread, a hop per dependency per request on the hot intake path.
async def _settings(request: Request) -> GatewaySettings:
    return request.app.state.settings


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessions() as session:
        yield session


async def _clients(request: Request) -> Clients:
    return request.app.state.clients


Settings = Annotated[GatewaySettings, Depends(_settings)]
Session = Annotated[AsyncSession, Depends(_session)]
ServiceClients = Annotated[Clients, Depends(_clients)]


async def _bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None:
        raise unauthorized("缺少 Bearer 令牌")
    return credentials.credentials


BearerToken = Annotated[str, Depends(_bearer_token)]


async def _current_user(token: BearerToken, request: Request) -> Principal:
    return await user_from_token(request.app.state, token)


CurrentUser = Annotated[Principal, Depends(_current_user)]


# Admins run the system (IT and operations), not the payroll: what a person earns
# (payout statements, commission lines, habit rewards) is for finance, the director, their
# manager and themselves. The incentives service refuses admins too (earnings.py); this
# answers before asking it, in the same words.
EARNINGS_REFUSAL = "管理员负责系统运维，不能查看个人的提成、结算或奖励金额；请由财务或总监查看"


async def _earnings_reader(user: CurrentUser) -> Principal:
    if user.role == "admin":
        raise Problem(403, "forbidden", detail=EARNINGS_REFUSAL)
    return user


EarningsReader = Annotated[Principal, Depends(_earnings_reader)]


async def _user_changing_password(token: BearerToken, request: Request) -> Principal:
    return await user_from_token(request.app.state, token, changing_password=True)


# The one route a token from an admin-set temporary password opens: /me/password.
PasswordChanger = Annotated[Principal, Depends(_user_changing_password)]


async def _intake_source(
    request: Request,
    x_api_key: Annotated[str | None, Header(description="per-source intake API key")] = None,
) -> SourceRef:
    if not x_api_key:
        raise Problem(401, "unauthorized", detail="缺少 X-Api-Key", field="X-Api-Key")
    source = await request.app.state.source_cache.source_for(x_api_key)
    if source is None:
        raise Problem(401, "unauthorized", detail="X-Api-Key 无效", field="X-Api-Key")
    return source


IntakeSourceByKey = Annotated[SourceRef, Depends(_intake_source)]
