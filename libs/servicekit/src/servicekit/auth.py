"""Who is calling: JWTs issued by the gateway, verified by every service.

Tokens travel as `authorization: Bearer <jwt>` gRPC metadata. The server interceptor
(see grpcserver) decodes them and puts the `Principal` into a context variable, so
handlers call `current_principal()` instead of threading it through every signature.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass, field

import jwt

ROLES = frozenset({"rep", "manager", "director", "engineer", "finance", "admin", "service"})
SEES_EVERYTHING = frozenset({"director", "admin", "service"})
_ALGORITHM = "HS256"
_ISSUER = "salesos-gateway"


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    role: str
    region_ids: tuple[str, ...] = ()
    department_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    # `iat` as issued (seconds, with a fraction): the gateway refuses tokens issued before
    # a user's tokens_valid_after, and a login a moment after a change must not count as
    # issued before it, which whole seconds cannot tell apart.
    issued_at: float = field(default=0.0, compare=False)

    @property
    def sees_everything(self) -> bool:
        return self.role in SEES_EVERYTHING


def issue_token(principal: Principal, secret: str, ttl_seconds: int = 3600) -> str:
    now = time.time()
    claims = {
        "sub": principal.user_id,
        "username": principal.username,
        "role": principal.role,
        "region_ids": list(principal.region_ids),
        "department_id": principal.department_id,
        "iss": _ISSUER,
        "iat": now,
        "exp": int(now) + ttl_seconds,
    }
    if principal.extra:  # what the issuer alone reads back (the gateway: a temporary password)
        claims["ext"] = dict(principal.extra)
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


# Verified tokens, remembered until they expire: a service sees the same few tokens over
# and over (the gateway's service token on every intake, a user's on every click), and
# verifying one (PyJWT parsing + HMAC + claim checks) cost more than the rest of a small
# RPC's bookkeeping. A hit is only taken before the token's `exp`, exactly when PyJWT would
# still accept it; everything else PyJWT checks cannot change for the same bytes.
_VERIFIED: dict[tuple[str, str], tuple[float, Principal]] = {}
_VERIFIED_MAX = 4096


def decode_token(token: str, secret: str) -> Principal:
    cached = _VERIFIED.get((token, secret))
    if cached is not None and time.time() < cached[0]:
        return cached[1]
    principal, expires = _verify(token, secret)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED[(token, secret)] = (expires, principal)
    return principal


def _verify(token: str, secret: str) -> tuple[Principal, float]:
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], issuer=_ISSUER,
                            options={"require": ["sub", "exp", "role"]})
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from error
    if claims["role"] not in ROLES:
        raise InvalidToken(f"unknown role {claims['role']!r}")
    return Principal(
        user_id=claims["sub"],
        username=claims.get("username", ""),
        role=claims["role"],
        region_ids=tuple(claims.get("region_ids") or ()),
        department_id=claims.get("department_id"),
        extra={str(k): str(v) for k, v in (claims.get("ext") or {}).items()},
        issued_at=float(claims.get("iat") or 0.0),
    ), float(claims["exp"])


def service_principal(service: str) -> Principal:
    return Principal(user_id=f"service:{service}", username=service, role="service")


def bearer_metadata(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


_current: ContextVar[Principal | None] = ContextVar("salesos_principal", default=None)


def current_principal() -> Principal:
    principal = _current.get()
    if principal is None:
        raise InvalidToken("no authenticated caller")
    return principal


def set_principal(principal: Principal | None) -> object:
    return _current.set(principal)


def reset_principal(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
