"""Whether a user's token still stands: one check for every path that decodes one.

A token carries the user's role and regions for 8 hours. When an admin deactivates a
user, changes what their token claims (role, region, managed regions, department) or a
password is set, `users.tokens_valid_after` moves to that moment and every token issued
before it is refused with 401. Each replica keeps the cut-offs that can still matter (set
within the token lifetime, plus every inactive user: none of their tokens from before
the read stands, and a re-activated user's new login works at once) and re-reads them every
SALESOS_TOKEN_CHECK_SECONDS (2 s): one small query per replica per interval, never one
per request, so manual entry's lean path stays free of queries. The replica that made a
change knows it at once (`note`). Requests arriving while the cut-offs are re-read wait
for that one read. The database down: the read fails and the request is 503 (refusing
to check is safer than letting a retired token through).
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from servicekit.auth import InvalidToken, Principal, decode_token
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import State

from gateway.adapters.orm import User
from gateway.problems import Problem

LOG_IN_AGAIN = "登录状态已失效（账号已停用，或角色、区域、密码已变更），请重新登录"


def unauthorized(detail: str) -> Problem:
    return Problem(401, "unauthorized", detail=detail, headers={"WWW-Authenticate": "Bearer"})


class TokenCutoffs:
    """user id -> the epoch second before which their tokens are refused."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, every: float,
                 token_ttl: float) -> None:
        self._sessions = sessions
        self._every = every
        self._ttl = token_ttl
        self._cutoffs: dict[str, float] = {}
        self._noted: dict[str, float] = {}  # noted while a read is under way
        self._fresh_until = 0.0
        self._reading: asyncio.Task[None] | None = None

    async def stands(self, principal: Principal) -> bool:
        if self._fresh_until <= time.monotonic():
            if self._reading is None:
                self._reading = asyncio.ensure_future(self._read())
                self._reading.add_done_callback(self._read_done)
            # Shielded: one waiter going away must not cancel the read the others wait on.
            await asyncio.shield(self._reading)
        cutoff = self._cutoffs.get(principal.user_id)
        return cutoff is None or principal.issued_at >= cutoff

    def note(self, user_id: str, cutoff: datetime) -> None:
        """This replica's own change (committed) takes effect here at once."""
        for known in (self._cutoffs, self._noted):
            known[user_id] = max(known.get(user_id, 0.0), cutoff.timestamp())

    def _read_done(self, _: object) -> None:
        self._reading = None

    async def _read(self) -> None:
        started, read_at = time.monotonic(), time.time()
        self._noted = {}  # what is noted from here on, this read may not see yet
        since = datetime.now(UTC) - timedelta(seconds=self._ttl)
        async with self._sessions() as session:
            rows = await session.execute(
                select(User.id, User.tokens_valid_after, User.active)
                .where(or_(User.tokens_valid_after > since, ~User.active)))
        # A user stopped when this read began has no token from before it that stands.
        # One issued later comes from a login, which only an active user passes: they
        # were let back in meanwhile, and it works at once (the cut-off was "never" until
        # the next read, so a returning rep's fresh login was refused as "log in again").
        # Stopped again through the API, their cut-off moves past it; noted at once.
        cutoffs = {str(user_id): after.timestamp() if active
                   else max(read_at, after.timestamp() if after else 0.0)
                   for user_id, after, active in rows}
        for user_id, noted in self._noted.items():
            cutoffs[user_id] = max(cutoffs.get(user_id, 0.0), noted)
        self._cutoffs = cutoffs
        self._fresh_until = started + self._every


PASSWORD_CHANGE_REQUIRED = ("请先修改密码：管理员设置的是临时密码，"
                            "请换成您自己的密码（POST /api/v1/me/password）后再使用系统")


async def user_from_token(state: State, token: str, *,
                          changing_password: bool = False) -> Principal:
    """The token's user, or 401 problem+json: a bad or expired token, a service token, or
    one issued before the user's tokens were retired. A token from a temporary password
    is 403 password_change_required unless `changing_password` (the one route it opens)."""
    try:
        principal = decode_token(token, state.settings.jwt_secret.get_secret_value())
    except InvalidToken as error:
        raise unauthorized("令牌无效或已过期") from error
    if principal.role == "service":
        raise unauthorized("此接口需要用户令牌")
    if not await state.token_cutoffs.stands(principal):
        raise unauthorized(LOG_IN_AGAIN)
    if principal.extra.get("password") == "temporary" and not changing_password:
        raise Problem(403, "password_change_required", detail=PASSWORD_CHANGE_REQUIRED)
    return principal
