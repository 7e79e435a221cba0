"""Passwords (argon2) and the JWT a logged-in user carries.

Region claims are explicit: a rep carries their own region, a manager the regions
they manage, a director or admin every region that exists when the token is issued
(no "empty means all" convention for services to get wrong); engineers and finance
carry none and are scoped by role and department instead.
"""

from __future__ import annotations

import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from servicekit.auth import Principal, issue_token

from gateway.adapters.orm import User

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a miss costs the same time as a hit
# and response timing does not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("salesos-no-such-user")

ALL_REGION_ROLES = frozenset({"director", "admin"})


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def region_claims(
    user: User, *, managed: list[uuid.UUID], all_regions: list[uuid.UUID]
) -> tuple[str, ...]:
    if user.role in ALL_REGION_ROLES:
        ids = all_regions
    elif user.role == "manager":
        ids = managed
    elif user.role == "rep" and user.region_id is not None:
        ids = [user.region_id]
    else:
        ids = []
    return tuple(str(i) for i in ids)


# The token of a login with a password an admin set: it opens only /me/password
# (token_check.py) until the user has chosen their own.
TEMPORARY_PASSWORD = {"password": "temporary"}


def principal_for(user: User, region_ids: tuple[str, ...]) -> Principal:
    return Principal(
        user_id=str(user.id),
        username=user.username,
        role=user.role,
        region_ids=region_ids,
        department_id=str(user.department_id) if user.department_id else None,
        extra=dict(TEMPORARY_PASSWORD) if user.must_change_password else {},
    )


def token_for(principal: Principal, *, secret: str, ttl_seconds: int) -> str:
    return issue_token(principal, secret, ttl_seconds=ttl_seconds)
