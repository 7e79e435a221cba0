"""Whose imports a caller sees, and what it costs: only a manager asks the org directory
(who lives in their regions), and while it is down a manager is told to retry (503),
never shown fewer imports as if that were all."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pytest
from leads.service_layer.handlers import Deps
from leads.service_layer.import_access import import_scope
from leads.service_layer.rules_admin import DirectoryUnavailable
from servicekit.auth import Principal
from servicekit.orgdir import OrgUnavailable


class Org:
    def __init__(self, people: set[str] | None) -> None:
        self.people, self.asked = people, []

    async def people_of(self, region_ids: Collection[str]) -> set[str]:
        self.asked.append(sorted(region_ids))
        if self.people is None:
            raise OrgUnavailable("ListUsers: UNAVAILABLE")
        return self.people


def _deps(org: Org) -> Any:
    return Deps(sessions=None, org=org)  # type: ignore[arg-type]


async def test_a_manager_sees_their_own_and_their_regions_peoples_imports() -> None:
    org = Org({"rep-1", "rep-2"})
    scope = await import_scope(Principal("mgr", "mgr", "manager", region_ids=("east",)),
                               _deps(org))
    assert [scope.sees(u) for u in ("mgr", "rep-1", "rep-2", "rep-9")] == [
        True, True, True, False]
    assert org.asked == [["east"]]


async def test_reps_and_directors_need_no_directory() -> None:
    org = Org(None)
    rep = await import_scope(Principal("rep-1", "rep", "rep", region_ids=("east",)), _deps(org))
    director = await import_scope(Principal("boss", "boss", "director"), _deps(org))
    assert (rep.sees("rep-1"), rep.sees("rep-2"), director.sees("anyone")) == (
        True, False, True)
    assert org.asked == []


async def test_a_manager_is_told_to_retry_while_the_directory_is_down() -> None:
    with pytest.raises(DirectoryUnavailable):
        await import_scope(Principal("mgr", "mgr", "manager", region_ids=("east",)),
                           _deps(Org(None)))
