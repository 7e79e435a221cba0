"""A manager reaches his people's deals wherever they are, through the running system.

A director hands a 江苏 customer to a 华南 rep (the customer opened a plant in 广州), and
the rep qualifies the lead: the deal opens for the rep in the customer's region, 华东.
华南's manager — the rep's manager — reads it, finds it in his deal list and its export,
counts it in his funnel (which adds up to that list), and works it; 华东's manager still
sees it (its region); 华北's manager and the rep's teammate read "not found" and count
nothing. The story uses the demo's people (nobody hired) and closes its deal as lost.
"""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from openpyxl import load_workbook

from tests.e2e.helpers import eventually, lead_handed_across, login

pytestmark = pytest.mark.e2e


def me(client: httpx.Client, username: str) -> dict[str, Any]:
    return dict(client.get("/api/v1/me", headers=login(client, username)).json())


def deal_of(client: httpx.Client, headers: dict[str, str], lead_id: str) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        items = client.get("/api/v1/opportunities", params={"lead_id": lead_id},
                           headers=headers).json().get("items", [])
        return items[0] if items else None

    return eventually(probe)


def exported_titles(client: httpx.Client, headers: dict[str, str],
                    params: dict[str, str]) -> list[str]:
    sheet = client.get("/api/v1/opportunities/export.xlsx", params=params, headers=headers)
    assert sheet.status_code == 200, sheet.text
    rows = list(load_workbook(io.BytesIO(sheet.content), read_only=True).active
                .iter_rows(values_only=True))
    return [str(row[rows[0].index("商机")]) for row in rows[1:]]


def counted(client: httpx.Client, headers: dict[str, str], region: str, owner: str,
            day: str) -> tuple[int, int]:
    """(the funnel's total, the deal list's length) for one region, owner and day: the
    numbers add up to the list, for whoever asks."""
    funnel = client.get("/api/v1/analytics/funnel", headers=headers, params={
        "region": region, "owner": owner, "from": day, "to": day})
    assert funnel.status_code == 200, funnel.text
    listed = client.get("/api/v1/opportunities", headers=headers, params={
        "region": region, "owner": owner, "created_from": day, "created_to": day,
        "limit": 100}).json()["items"]
    return funnel.json()["total"], len(listed)


def test_the_reps_manager_reaches_a_deal_of_another_region_and_nobody_else_gains_it(
    stack: Any, client: httpx.Client,
) -> None:
    tag = uuid.uuid4().hex[:8]
    director = login(client, "director")
    lead, _ = lead_handed_across(client, stack.intake_api_key, director, tag=tag)
    south_rep = me(client, "rep06")
    rep = login(client, "rep06")
    path = f"/api/v1/leads/{lead['id']}"
    client.post(f"{path}/contacts", json={"channel": "visit", "outcome": "现场拜访，有采购意向"},
                headers=rep)
    assert client.post(f"{path}/qualify", headers=rep).status_code == 200
    deal = deal_of(client, rep, lead["id"])
    assert (deal["owner_id"], deal["region_id"]) == (south_rep["id"], lead["region_id"])
    deal_path = f"/api/v1/opportunities/{deal['id']}"
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()

    mgr_south = login(client, "mgr-south")
    assert client.get(deal_path, headers=mgr_south).status_code == 200
    assert [d["id"] for d in client.get("/api/v1/opportunities", params={
        "lead_id": lead["id"]}, headers=mgr_south).json()["items"]] == [deal["id"]]
    assert exported_titles(client, mgr_south, {"lead_id": lead["id"]}) == [deal["title"]]
    total, listed = counted(client, mgr_south, lead["region_id"], south_rep["id"], today)
    assert total == listed >= 1
    assert counted(client, director, lead["region_id"], south_rep["id"], today)[0] == total
    estimate = client.patch(deal_path, json={"amount_fen": 8_800_000}, headers=mgr_south)
    assert estimate.status_code == 200, estimate.text
    assert client.get(deal_path, headers=login(client, "mgr-east")).status_code == 200

    for stranger in ("mgr-north", "rep07"):
        headers = login(client, stranger)
        assert client.get(deal_path, headers=headers).status_code == 404
        assert client.get("/api/v1/opportunities", params={"lead_id": lead["id"]},
                          headers=headers).json()["items"] == []
        assert exported_titles(client, headers, {"lead_id": lead["id"]}) == []
        assert counted(client, headers, lead["region_id"], south_rep["id"], today) == (0, 0)
        assert client.patch(deal_path, json={"amount_fen": 1},
                            headers=headers).status_code == 404

    closed = client.post(f"{deal_path}/stage", headers=mgr_south,
                         json={"to": "lost", "reason": "测试商机"})
    assert closed.status_code == 200 and closed.json()["status"] == "lost", closed.text
