"""One imported row against the directory (pure): its names resolved (`resolve`), how it
differs from the user it names if that user exists (`differences`), and the order new
rows are created in so that a 上级 on another new row exists first (`creation_order`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gateway.adapters.orm import User
from gateway.org_unit_names import spaced
from gateway.product_import_sheet import CellError
from gateway.user_import_names import Directory, manager_username
from gateway.user_import_sheet import PersonRow
from gateway.user_rules import ROLE_ZH

ALREADY = "用户已存在，修改请在人员管理中进行"


@dataclass(frozen=True)
class Refs:
    """A row's names as ids (the 上级 as a username); `unknown`: fields that failed."""

    region_id: uuid.UUID | None
    department_id: uuid.UUID | None
    managed: tuple[uuid.UUID, ...]
    manager: str | None
    unknown: frozenset[str]


def resolve(person: PersonRow, directory: Directory, names: Sequence[tuple[str, str]],
            bad: list[CellError]) -> Refs:
    unknown: set[str] = set()

    def found(field: str, text: str, find: Callable[[str], Any]) -> Any:
        if not text:
            return None
        try:
            return find(text)
        except ValueError as refused:
            unknown.add(field)
            bad.append(person.error(field, str(refused)))
            return None

    managed = [found("managed_region_ids", n, directory.regions.find) for n in person.managed]
    return Refs(found("region_id", person.region, directory.regions.find),
                found("department_id", person.department, directory.departments.find),
                tuple(dict.fromkeys(m for m in managed if m is not None)),
                found("manager_id", person.manager,
                      lambda text: manager_username(text, users=names)),
                frozenset(unknown))


def differences(person: PersonRow, refs: Refs, stored: User, directory: Directory
                ) -> list[CellError]:
    """A cell error for each value of the row that is not the stored user's; a column
    the file does not have is not compared (a list of names and roles only)."""
    by_id: dict[uuid.UUID | None, str] = {u.id: u.username for u in directory.users.values()}
    managed = directory.managed.get(stored.id, frozenset())
    regions, departments = directory.regions.names, directory.departments.names
    pairs: dict[str, tuple[object, object, str]] = {  # field: (row, stored, stored shown)
        # a name stored before names were tidied (「张  三」) is the row's 「张 三」
        "display_name": (person.display_name, spaced(stored.display_name),
                         stored.display_name),
        "role": (person.role, stored.role, ROLE_ZH.get(stored.role, stored.role)),
        "region_id": (refs.region_id, stored.region_id, regions.get(stored.region_id, "")),
        "department_id": (refs.department_id, stored.department_id,
                          departments.get(stored.department_id, "")),
        "manager_id": (refs.manager, by_id.get(stored.manager_id),
                       directory.display_name(stored.manager_id)),
        "managed_region_ids": (frozenset(refs.managed), managed,
                               "、".join(sorted(directory.regions.names[r] for r in managed))),
    }
    if person.active is not None:
        pairs["active"] = (person.active, stored.active, "在用" if stored.active else "已停用")
    return [person.error(field, f"{ALREADY}（系统中为「{shown or '空'}」）")
            for field, (given, kept, shown) in pairs.items()
            if field in person.headers and field not in refs.unknown and given != kept]


def creation_order(new: list[PersonRow], refs: dict[int, Refs], bad: list[CellError],
                   failed: set[int]) -> list[PersonRow]:
    """File order, each row after the new row holding its 上级; rows whose 上级 lead round
    in a circle are refused (added to `bad` and `failed`)."""
    in_file = {p.username: p for p in new}
    placed: dict[str, PersonRow] = {}
    for person in new:
        chain: list[PersonRow] = []
        at: PersonRow | None = person
        while at is not None and at.username not in placed and at not in chain:
            chain.append(at)
            above = refs[at.row].manager
            at = in_file.get(above) if above else None
        if at is not None and at in chain:
            circle = chain[chain.index(at):]
            for member in circle:
                failed.add(member.row)
                bad.append(member.error("manager_id", "上级不能是本人" if len(circle) == 1
                                        else "汇报关系不能成环（文件中的上级互相指向）"))
        for member in reversed(chain):
            placed[member.username] = member
    return list(placed.values())
