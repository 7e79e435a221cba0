"""What a manager's reach costs: the directory is asked for a list (once) and for a lead
outside his regions, never for a lead of his regions or for a rep; while it is down a
manager is told to retry (503), never shown fewer leads as if that were all."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

import pytest
from leads.domain.model import Lead
from leads.service_layer.handlers import Deps
from leads.service_layer.reading import lead_scope, readable
from leads.service_layer.rules_admin import DirectoryUnavailable
from servicekit.auth import Principal
from servicekit.errors import NotFound
from servicekit.orgdir import OrgUnavailable

NOW = datetime(2026, 11, 27, 2, tzinfo=UTC)
MANAGER = Principal("mgr-s", "mgr_s", "manager", region_ids=("south",))


class Org:
    def __init__(self, people: set[str] | None) -> None:
        self.people, self.asked = people, []

    async def people_of_manager(self, manager_id: str, region_ids: Collection[str]) -> set[str]:
        self.asked.append((manager_id, sorted(region_ids)))
        if self.people is None:
            raise OrgUnavailable("ListUsers: UNAVAILABLE")
        return self.people


def _deps(org: Org) -> Any:
    return Deps(sessions=None, org=org)  # type: ignore[arg-type]


def _lead(region_id: str, owner_id: str) -> Lead:
    return Lead(id="L1", source="web_form", created_at=NOW, region_id=region_id,
                owner_id=owner_id, status="assigned")


async def test_a_managers_list_asks_once_who_his_people_are() -> None:
    org = Org({"rep-s"})
    scope = await lead_scope(MANAGER, _deps(org))
    assert (scope.region_ids, scope.owner_ids) == (("south",), ("rep-s",))
    assert org.asked == [("mgr-s", ["south"])]


async def test_a_lead_of_his_region_or_a_reps_own_needs_no_directory() -> None:
    org = Org(None)
    assert await readable(_lead("south", "rep-x"), MANAGER, _deps(org))
    rep = Principal("rep-s", "rep_s", "rep", region_ids=("south",))
    assert await readable(_lead("east", "rep-s"), rep, _deps(org))
    assert (await lead_scope(rep, _deps(org))).owner_id == "rep-s"
    assert org.asked == []


async def test_a_lead_elsewhere_is_his_only_when_one_of_his_people_holds_it() -> None:
    deps = _deps(Org({"rep-s"}))
    assert await readable(_lead("east", "rep-s"), MANAGER, deps)
    with pytest.raises(NotFound):
        await readable(_lead("east", "rep-e"), MANAGER, deps)


async def test_a_manager_is_told_to_retry_while_the_directory_is_down() -> None:
    with pytest.raises(DirectoryUnavailable):
        await lead_scope(MANAGER, _deps(Org(None)))
    with pytest.raises(DirectoryUnavailable):
        await readable(_lead("east", "rep-s"), MANAGER, _deps(Org(None)))
