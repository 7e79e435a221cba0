"""An import whose rows nobody can take (50 rows without a province, a region with nobody
in it) tells each of the managers who must place them once, in one item per import that
counts them and grows as more arrive; not 50 items, e-mails and robot messages."""

from __future__ import annotations

import uuid

import pytest
from notifications.adapters.orm import inbox_items
from notifications.domain.preferences import Preferences
from salesos.events.v1 import leads_pb2

from .conftest import Running, until
from .test_channels_delivery import person, rows, set_prefs
from .test_lead_unassignable import stranded

pytestmark = pytest.mark.integration


def of_import(region_id: str, import_id: str) -> leads_pb2.LeadUnassignable:
    event = stranded(region_id)
    event.import_id, event.import_file_name = import_id, "名单.xlsx"
    return event


async def items_titled(running: Running, user_id: str, count: int) -> list[dict[str, str]]:
    found = await rows(running, inbox_items, user_id=user_id)
    return [dict(i) for i in found if i["title"].startswith(f"批量导入中有 {count} 条")
            or i["title"].startswith(f"{count} leads of an import")]


async def test_fifty_unplaceable_rows_of_an_import_reach_each_manager_once(
        running: Running) -> None:
    region, import_id = str(uuid.uuid4()), str(uuid.uuid4())
    east = person(running, "manager", managed=(region,))
    other = person(running, "manager", managed=(region,))
    await set_prefs(running, Preferences(user_id=other, language="en"))
    for _ in range(50):
        await running.publish(of_import(region, import_id), type="leads.unassigned")
    for manager in (east, other):
        await until(lambda m=manager: items_titled(running, m, 50))
        [item] = await rows(running, inbox_items, user_id=manager)
        assert item["kind"] == "lead_import_unassignable"
        assert item["link"] == "/leads?status=unassignable&source=import"
    [zh] = await rows(running, inbox_items, user_id=east)
    assert zh["title"] == "批量导入中有 50 条线索无人可分配：名单.xlsx"
    assert "按‘无法分配’筛选后手动分配" in zh["body"]
    [en] = await rows(running, inbox_items, user_id=other)
    assert en["title"] == "50 leads of an import could not be assigned: 名单.xlsx"

    for _ in range(3):  # the assigner places the rest of the import late
        await running.publish(of_import(region, import_id), type="leads.unassigned")
    await until(lambda: items_titled(running, east, 53))
    assert len(await rows(running, inbox_items, user_id=east)) == 1


async def test_a_region_without_managers_tells_the_directors_once(running: Running) -> None:
    director = person(running, "director")
    import_id = str(uuid.uuid4())
    for _ in range(4):
        await running.publish(of_import(str(uuid.uuid4()), import_id), type="leads.unassigned")
    await until(lambda: items_titled(running, director, 4))
    mine = [i for i in await rows(running, inbox_items, user_id=director)
            if i["kind"] == "lead_import_unassignable"]
    assert len(mine) == 1


async def test_a_web_form_lead_nobody_can_take_is_still_told_on_its_own(
        running: Running) -> None:
    region = str(uuid.uuid4())
    manager = person(running, "manager", managed=(region,))
    for _ in range(2):
        await running.publish(stranded(region), type="leads.unassigned")
    found = await until(lambda: _twice(running, manager))
    assert {i["kind"] for i in found} == {"lead_unassignable"}


async def _twice(running: Running, user_id: str) -> list[dict[str, str]] | None:
    found = [dict(i) for i in await rows(running, inbox_items, user_id=user_id)]
    return found if len(found) == 2 else None
