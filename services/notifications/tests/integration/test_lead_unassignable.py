"""A lead nobody could take (a region with nobody in it, everyone away or at their cap)
does not wait unseen: its region's managers are told to place it, and when the region has
no manager, the directors are."""

from __future__ import annotations

import uuid

import pytest
from notifications.adapters.orm import inbox_items
from salesos.events.v1 import leads_pb2

from .conftest import Running, until
from .test_channels_delivery import rows

pytestmark = pytest.mark.integration


def stranded(region_id: str) -> leads_pb2.LeadUnassignable:
    return leads_pb2.LeadUnassignable(lead_id=str(uuid.uuid4()), region_id=region_id,
                                      reason="区域内没有可接单的销售。", company="恒力液压",
                                      name="李娜", source="web_form")


async def test_the_managers_of_its_region_are_told_to_place_it(running: Running) -> None:
    region, other = str(uuid.uuid4()), str(uuid.uuid4())
    east = running.org.add(f"mgr-{uuid.uuid4().hex[:8]}", "manager", managed=(region,))
    south = running.org.add(f"mgr-{uuid.uuid4().hex[:8]}", "manager", managed=(other,))
    event = stranded(region)
    await running.publish(event, type="leads.unassigned")
    [item] = await until(lambda: rows(running, inbox_items, user_id=east))
    assert (item["kind"], item["title"], item["link"]) == (  # type: ignore[index]
        "lead_unassignable", "线索无人可分配：恒力液压 李娜（来源：官网表单）",
        f"/leads/{event.lead_id}")
    assert "区域内没有可接单的销售" in item["body"]  # type: ignore[index]
    assert await rows(running, inbox_items, user_id=south) == []


async def test_a_region_without_managers_falls_to_the_directors(running: Running) -> None:
    director = running.org.add(f"director-{uuid.uuid4().hex[:8]}", "director")
    await running.publish(stranded(str(uuid.uuid4())), type="leads.unassigned")
    [item] = await until(lambda: rows(running, inbox_items, user_id=director))
    assert item["kind"] == "lead_unassignable"  # type: ignore[index]


async def test_the_source_reads_as_the_directory_names_it_not_as_its_code(
        running: Running) -> None:
    """A trade-show scan nobody could take: the manager reads 「来源：2026 工博会扫码」, the
    name the admin gave the source, not its code trade_show."""
    region = str(uuid.uuid4())
    manager = running.org.add(f"mgr-{uuid.uuid4().hex[:8]}", "manager", managed=(region,))
    running.org.sources["trade_show"] = "2026 工博会扫码"
    event = stranded(region)
    event.source = "trade_show"
    await running.publish(event, type="leads.unassigned")
    [item] = await until(lambda: rows(running, inbox_items, user_id=manager))
    assert item["title"] == "线索无人可分配：恒力液压 李娜（来源：2026 工博会扫码）"  # type: ignore[index]
