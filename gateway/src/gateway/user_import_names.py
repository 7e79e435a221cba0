"""Whom and what the names of an imported row point at, as the export writes them or as
an admin types them: a region or department by its zh name or its code, a 上级 by
username or — the export writes 上级 as a display name — by a name only one person has.
A name that fits several is refused asking for the code (or the username), never
guessed. Pure: the directory is loaded once (user_repository.directory_rows)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gateway.adapters.orm import User
from gateway.org_unit_names import name_key, spaced


@dataclass(frozen=True)
class Named:
    id: uuid.UUID
    code: str
    name: str
    retired: bool = False


class Lookup:
    """Regions or departments by code or name, compared as names are (org_unit_names:
    case, full-width letters and spaces aside — 「销售 部」 typed into a sheet is 销售部,
    which no active department's look-alike can be)."""

    def __init__(self, what: str, items: Iterable[Named]) -> None:
        self.what = what
        self._by: dict[str, list[Named]] = defaultdict(list)
        self.names: dict[uuid.UUID | None, str] = {}
        for item in items:
            for key in dict.fromkeys((name_key(item.code), name_key(item.name))):
                self._by[key].append(item)
            self.names[item.id] = item.name

    def find(self, text: str) -> uuid.UUID:
        """The one it names; ValueError (zh-CN) for none or several."""
        found = self._by.get(name_key(text), [])
        if len(found) > 1:  # a retired department's name taken again by a new one
            found = [item for item in found if not item.retired] or found
        if not found:
            raise ValueError(f"{self.what}不存在：{text}")
        if len(found) > 1:
            raise ValueError(f"有多个名为「{text}」的{self.what}，请填写{self.what}编码")
        return found[0].id


@dataclass
class Directory:
    regions: Lookup
    departments: Lookup
    users: dict[str, User]  # by username
    managed: dict[uuid.UUID, frozenset[uuid.UUID]]  # manager -> the regions they manage

    @classmethod
    def of(cls, rows: Sequence[list[Any]]) -> Directory:
        regions, departments, people, pairs = rows
        managed: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
        for user_id, region_id in pairs:
            managed[user_id].add(region_id)
        return cls(Lookup("区域", (Named(*r) for r in regions)),
                   Lookup("部门", (Named(*d) for d in departments)),
                   {u.username: u for u in people},
                   {k: frozenset(v) for k, v in managed.items()})

    def display_name(self, user_id: uuid.UUID | None) -> str:
        return next((u.display_name for u in self.users.values() if u.id == user_id), "")


def manager_username(text: str, *, users: Iterable[tuple[str, str]]) -> str:
    """The username `text` names among `users` ((username, display name): the stored
    ones and the file's); ValueError (zh-CN) for none or several."""
    people = list(users)
    if any(username == text.lower() for username, _ in people):
        return text.lower()
    named = {username for username, display in people if spaced(display) == spaced(text)}
    if not named:
        raise ValueError(f"上级用户不存在：{text}（请填写上级的用户名）")
    if len(named) > 1:
        raise ValueError(f"有多个姓名为「{text}」的用户，请填写上级的用户名")
    return named.pop()
