"""Failed logins are limited, so a password cannot be guessed at argon2's pace.

Per username (SALESOS_LOGIN_FAILURES_PER_MINUTE, default 10) and per caller address
(SALESOS_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE, default 100: a factory's office shares
one address, and one address trying many usernames is password spraying). Only failures
count: a rep logging in on three devices is never refused. Once a username or address is
over its limit, every attempt — the right password too — is 429 with Retry-After until the
one-minute window ends, without verifying the password (a correct guess must not get
through, and argon2 is the expensive part). The windows live beside the public pages'
(PostgreSQL, shared by replicas; see ratelimit.py for how exact that is).
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request

from gateway.problems import Problem
from gateway.ratelimit import RateLimiter, retry_after


def _keys(request: Request, username: str) -> list[tuple[str, int]]:
    settings = request.app.state.settings
    address = request.client.host if request.client else "unknown"
    # One window per person however the name is typed: logins ignore case.
    return [(f"login-user:{username.strip().lower()}", settings.login_failures_per_minute),
            (f"login-ip:{address}", settings.login_failures_per_address_per_minute)]


def _limiter(request: Request) -> RateLimiter:
    return request.app.state.login_limiter


def refuse_if_locked(request: Request, username: str) -> None:
    now = datetime.now(UTC)
    for key, allowed in _keys(request, username):
        if _limiter(request).seen(key, now=now) >= allowed:
            raise Problem(429, "rate_limited",
                          detail=f"登录失败次数过多，请 {retry_after(now)} 秒后再试",
                          headers={"Retry-After": str(retry_after(now))})


async def count_failure(request: Request, username: str) -> None:
    now = datetime.now(UTC)
    for key, _ in _keys(request, username):
        await _limiter(request).hit(key, now=now)
