"""Admins import people (routes/user_import.py). Each new row becomes a user through
user_admin.create_user, so exactly the rules of `POST /admin/users` hold, one row after
another in file order — except that a row whose 上级 is another new row of the file is
created after that row (a team's manager may be listed below the team). A row naming a
user who exists must equal them (`unchanged`, so importing the same file again creates
nobody twice); changing people has side effects (tokens, open work) that only PATCH
handles. All or nothing: with any bad cell every error is raised and the caller rolls
back. Passwords are hashed (~0.17 s each, MAX_NEW a file) only once every row passed."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from servicekit.auth import Principal
from servicekit.invalid import InvalidField
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import auth, user_admin
from gateway.adapters import user_repository as users
from gateway.adapters.orm import User
from gateway.problems import Problem
from gateway.product_import_sheet import CellError
from gateway.user_import_names import Directory
from gateway.user_import_order import Refs, creation_order, differences, resolve
from gateway.user_import_sheet import COLUMN, PersonRow
from gateway.user_rules import temporary_password
from gateway.user_schemas import UserCreate
from gateway.validation_messages import message

PEOPLE_IMPORT_LOCK = 0x9E0_1E1A  # pg_advisory_xact_lock key: one people import at a time
# New people per import. Each one's temporary password is hashed in this request: argon2
# measured 0.16–0.17 s a hash on the 2-core box, and a thread pool of 2 or 4 hashed 24 of
# them only 1.0–1.1x faster (PasswordHasher already spreads its 4 lanes over threads:
# CPU 1.14x the wall time) while taking every core from other requests. So 300 new rows
# were ~50 s in one request; 100 are ~17 s. Rows of people who exist are not hashed and
# do not count: an exported list of 250 with 20 new rows imports.
MAX_NEW = 100


@dataclass(frozen=True)
class Hired:
    user: User
    temporary_password: str


@dataclass(frozen=True)
class Imported:
    hired: list[Hired]  # in file order
    unchanged: int


class RowsRefused(Exception):
    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(f"{len(errors)} bad cells")
        order = list(COLUMN)
        self.errors = sorted(errors, key=lambda e: (
            e.row, order.index(e.field) if e.field in order else len(order)))


async def import_people(session: AsyncSession, *, admin: Principal,
                        people: Sequence[PersonRow], errors: Sequence[CellError]) -> Imported:
    """Creates the new rows' users (uncommitted); RowsRefused listing every bad cell."""
    # One import at a time, the directory read after the one before committed: the same
    # file uploaded twice at once (a double click) answers its rows `unchanged` rather
    # than 「用户名已被使用」 on every row, which read as a failed import.
    await session.execute(select(func.pg_advisory_xact_lock(PEOPLE_IMPORT_LOCK)))
    directory = Directory.of(await users.directory_rows(session))
    bad = list(errors)
    rows = _first_of_each(people, bad)
    names = [(u.username, u.display_name) for u in directory.users.values()] + [
        (p.username, p.display_name) for p in rows.values() if p.username not in directory.users]
    refs = {p.row: resolve(p, directory, names, bad) for p in rows.values()}
    new, unchanged = [], 0
    for person in rows.values():
        stored = directory.users.get(person.username)
        if stored is None:
            new.append(person)
            if person.active is False:  # a user is created active; PATCH stops one
                bad.append(person.error("active", "新用户只能是在用的；停用请在人员管理中进行"))
            continue
        changed = differences(person, refs[person.row], stored, directory)
        bad += changed
        unchanged += not changed
    if len(new) > MAX_NEW:
        raise Problem(413, "payload_too_large", field="file", detail=(
            f"一次最多新建 {MAX_NEW} 人（每人都要生成并加密初始密码），本文件有 {len(new)} 名"
            f"新人员，请拆成每份不超过 {MAX_NEW} 名新人员分批导入（已有人员的行不计）"))
    hired = await _create(session, admin, new, refs, directory, bad)
    if bad:
        raise RowsRefused(bad)
    for one in hired:
        one.user.password_hash = await asyncio.to_thread(auth.hash_password,
                                                         one.temporary_password)
    await session.flush()
    return Imported(sorted(hired, key=lambda h: rows[h.user.username].row), unchanged)


def _first_of_each(people: Sequence[PersonRow], bad: list[CellError]) -> dict[str, PersonRow]:
    """Rows by username; a username given again is an error of the later row."""
    rows: dict[str, PersonRow] = {}
    for person in people:
        if not person.username:
            continue  # already an error: 用户名不能为空
        if (first := rows.get(person.username)) is not None:
            bad.append(person.error("username", f"与第 {first.row} 行的用户名重复"))
        else:
            rows[person.username] = person
    return rows


async def _create(session: AsyncSession, admin: Principal, new: list[PersonRow],
                  refs: dict[int, Refs], directory: Directory, bad: list[CellError]
                  ) -> list[Hired]:
    hired: dict[str, Hired] = {}
    failed = {e.row for e in bad}
    in_file = {p.username: p for p in new}
    for person in creation_order(new, refs, bad, failed):
        manager = refs[person.row].manager
        if person.row in failed:
            continue
        if manager in in_file and manager not in hired:  # the 上级's own row was refused
            failed.add(person.row)
            bad.append(person.error("manager_id", f"上级所在的第 {in_file[manager].row} 行"
                                                  "有误，请先改正该行"))
            continue
        manager_id = (hired[manager].user.id if manager in hired
                      else directory.users[manager].id if manager else None)
        made = await _one(session, admin, person, refs[person.row], manager_id, bad)
        if made is None:
            failed.add(person.row)
        else:
            hired[person.username] = made
    return list(hired.values())


async def _one(session: AsyncSession, admin: Principal, person: PersonRow, refs: Refs,
               manager_id: uuid.UUID | None, bad: list[CellError]) -> Hired | None:
    password = temporary_password(person.username)
    try:
        body = UserCreate(username=person.username, display_name=person.display_name,
                          role=person.role, region_id=refs.region_id,  # type: ignore[arg-type]
                          department_id=refs.department_id, manager_id=manager_id,
                          managed_region_ids=list(refs.managed), password=password)
    except ValidationError as invalid:
        bad += [person.error(str(e["loc"][0]), message(dict(e))) for e in invalid.errors()]
        return None
    try:
        async with session.begin_nested():  # a refused row leaves nothing behind
            user, _ = await user_admin.create_user(session, admin=admin, body=body,
                                                   idempotency_key=None, hash_later=True)
    except InvalidField as refused:
        field = refused.field if refused.field in COLUMN else "username"
        bad.append(person.error(field, refused.message))
        return None
    return Hired(user, password)
