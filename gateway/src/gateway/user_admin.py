"""The user admin use cases: create, change, deactivate, set a password.

Each runs in one transaction (nothing is written when any field is bad) and answers the
moment the user's earlier tokens were retired, if it retired them, so the route can tell
this replica's token check at once (token_check.py). What retires tokens: deactivation,
and a change of anything a token claims (role, home region, managed regions,
department) or of the password. A name or reporting-line change does not."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from servicekit.auth import Principal
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.invalid import InvalidField
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import auth
from gateway.adapters import repository
from gateway.adapters import user_repository as users
from gateway.adapters.orm import User
from gateway.problems import FieldProblem, Problem, validation_problem
from gateway.user_rules import (
    Known,
    Shape,
    check_password,
    check_rep_has_manager,
    check_shape,
    normal_username,
)
from gateway.user_schemas import UserCreate, UserUpdate

NOT_NULL = ("display_name", "role", "active", "managed_region_ids")


def invalid(error: InvalidField) -> Problem:
    return validation_problem([FieldProblem(error.field, error.message)])


async def _known(session: AsyncSession, shape: Shape, already_in: uuid.UUID | None = None,
                 staying: uuid.UUID | None = None) -> Known:
    """`already_in`: the user's department now, which they may stay in once retired;
    `staying`: the department a sales user was in before functional departments were
    refused to them (kept until an admin moves them, so other edits still go through)."""
    manager = chain = None
    if shape.manager_id is not None and shape.check_manager:
        found = await session.get(User, shape.manager_id)
        manager = (found.role, found.active) if found else None
        chain = await users.reporting_line(session, user_id=shape.manager_id)
    return Known(region_ids=await users.existing_region_ids(session),
                 department_ids=await users.existing_department_ids(session),
                 manager=manager, manager_chain=chain or (),
                 retired_department_ids=await users.retired_department_ids(session)
                 - {already_in},
                 functional_department_ids=await users.functional_department_ids(session)
                 - {staying})


async def create_user(session: AsyncSession, *, admin: Principal, body: UserCreate,
                      idempotency_key: str | None, hash_later: bool = False
                      ) -> tuple[User, bool]:
    """The user, and whether this call created it (False: a retry of the same key).
    `hash_later`: the password is checked but not hashed (~0.1 s of CPU each); the caller
    sets `password_hash` before it commits (the people import, once every row passed)."""
    username = normal_username(body.username)
    managed = tuple(dict.fromkeys(body.managed_region_ids))
    # The password is left out: a fast hash of it must not sit beside the key. A retry
    # with another password under the same key answers the first user unchanged.
    asked = fingerprint(username, body.display_name, body.role, body.region_id,
                        body.department_id, body.manager_id, sorted(map(str, managed)))
    key = f"{admin.user_id}:{idempotency_key}" if idempotency_key else None
    if key and (first := await users.user_by_create_key(session, key=key)) is not None:
        check_same_request(stored=first.create_fingerprint, arriving=asked)
        return first, False
    if await users.username_taken(session, username=username):
        raise InvalidField("username", "用户名已被使用")
    check_password(body.password, username=username)
    shape = Shape(None, body.role, body.region_id, body.department_id, body.manager_id, managed)
    check_shape(shape, await _known(session, shape))
    check_rep_has_manager(shape)
    password_hash = None if hash_later else await asyncio.to_thread(auth.hash_password,
                                                                     body.password)
    user = User(id=uuid.uuid4(), username=username, display_name=body.display_name,
                role=body.role, region_id=body.region_id, department_id=body.department_id,
                manager_id=body.manager_id, password_hash=password_hash, active=True,
                must_change_password=True,  # the admin chose it, so the admin knows it
                create_key=key, create_fingerprint=asked)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as error:  # the same username (or key) committed meanwhile
        raise InvalidField("username", "用户名已被使用") from error
    await users.set_managed_regions(session, user_id=user.id, region_ids=managed)
    return user, True


async def update_user(session: AsyncSession, *, admin: Principal, user: User,
                      body: UserUpdate) -> datetime | None:
    """Applies the change to `user` (loaded FOR UPDATE); the retirement moment or None."""
    sent = body.model_fields_set
    for name in NOT_NULL:
        if name in sent and getattr(body, name) is None:
            raise InvalidField(name, "不能为 null")
    managed_now = tuple((await repository.managed_region_ids(
        session, user_ids=[user.id])).get(user.id, []))
    after = _after(user, body, managed_now)
    await _keep_an_admin(session, admin=admin, user=user, role=after.role,
                         active=body.active if "active" in sent else user.active)
    staying = user.department_id if user.role == after.role else None
    check_shape(after, await _known(session, after, already_in=user.department_id,
                                    staying=staying))
    check_rep_has_manager(after)
    claims_changed = (after.role, after.region_id, after.department_id,
                      set(after.managed_region_ids)) != (user.role, user.region_id,
                                                          user.department_id, set(managed_now))
    deactivated = user.active and body.active is False
    for name in sent - {"managed_region_ids"}:
        setattr(user, name, getattr(body, name))
    user.updated_at = datetime.now(UTC)
    if set(after.managed_region_ids) != set(managed_now):
        await users.set_managed_regions(session, user_id=user.id,
                                        region_ids=after.managed_region_ids)
    return _retire(user) if claims_changed or deactivated else None


def _after(user: User, body: UserUpdate, managed_now: tuple[uuid.UUID, ...]) -> Shape:
    sent = body.model_fields_set
    role = body.role if "role" in sent and body.role else user.role
    if "managed_region_ids" in sent and body.managed_region_ids is not None:
        managed = tuple(dict.fromkeys(body.managed_region_ids))
    else:  # a manager keeps their regions; anyone else manages none (a demoted manager)
        managed = managed_now if role == "manager" else ()
    pick = {name: getattr(body, name) if name in sent else getattr(user, name)
            for name in ("region_id", "department_id", "manager_id")}
    # The line above is judged when it is set or the role changes, not on every edit of
    # someone whose manager has left meanwhile.
    return Shape(user.id, role, pick["region_id"], pick["department_id"], pick["manager_id"],
                 managed, check_manager="manager_id" in sent or role != user.role)


async def _keep_an_admin(session: AsyncSession, *, admin: Principal, user: User, role: str,
                         active: bool) -> None:
    if user.role != "admin" or not user.active or (role == "admin" and active):
        return
    field = "active" if not active else "role"
    if str(user.id) == admin.user_id:
        raise InvalidField(field, "不能停用自己或取消自己的管理员角色")
    if [i for i in await users.lock_active_admins(session) if i != user.id] == []:
        raise InvalidField(field, "至少需要保留一名在用的管理员")


def _retire(user: User) -> datetime:
    user.tokens_valid_after = datetime.now(UTC)
    return user.tokens_valid_after


async def set_password(user: User, password: str, *, field: str = "password",
                       temporary: bool = True) -> datetime:
    """`temporary`: set by an admin, who knows it; the user must change it next login."""
    check_password(password, username=user.username, field=field)
    user.must_change_password = temporary
    user.password_hash = await asyncio.to_thread(auth.hash_password, password)
    user.updated_at = datetime.now(UTC)
    return _retire(user)
