"""A lead goes where its customer is, and a manager sees his people's leads, through the
running system.

- A director hands a 江苏 customer to a 华南 rep (the customer opened a plant in 广州):
  the lead keeps its region, and 华南's manager reads, lists, exports and decides his
  rep's lead; 华北's manager and the rep's teammate still read "not found".
- A web form with neither province nor mobile lands in 其他, which nobody works; the
  director learns the customer is in 广东 and says so: the lead moves to 华南, is
  assigned there, and its history says so.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.e2e.helpers import (
    eventually,
    inbox_item_for,
    lead_handed_across,
    login,
    submit,
    web_form,
)

pytestmark = pytest.mark.e2e
SOUTH_REPS = {f"rep{i:02d}" for i in range(6, 11)}


def region_of(client: httpx.Client, admin: dict[str, str], province: str) -> dict[str, Any]:
    """The region the directory puts the province in now (other stories may reshape it)."""
    regions = client.get("/api/v1/admin/regions", headers=admin).json()["items"]
    return next(r for r in regions if province in r["provinces"])


def test_the_reps_manager_sees_a_lead_a_director_handed_across_regions(
    stack: Any, client: httpx.Client,
) -> None:
    tag = uuid.uuid4().hex[:8]
    director = login(client, "director")
    lead, handed = lead_handed_across(client, stack.intake_api_key, director, tag=tag)
    assert handed.json()["region_id"] == lead["region_id"]  # still the customer's region

    mgr_south = login(client, "mgr-south")
    read = client.get(f"/api/v1/leads/{lead['id']}", headers=mgr_south)
    assert read.status_code == 200, read.text
    listed = client.get("/api/v1/leads", params={"q": tag}, headers=mgr_south).json()
    assert [item["id"] for item in listed["items"]] == [lead["id"]]
    sheet = client.get("/api/v1/leads/export.xlsx", params={"q": tag}, headers=mgr_south)
    rows = list(load_workbook(io.BytesIO(sheet.content), read_only=True).active
                .iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == [f"{tag}精工机械有限公司"]
    edited = client.patch(f"/api/v1/leads/{lead['id']}", json={"urgency": "高"},
                          headers=mgr_south)
    assert edited.status_code == 200, edited.text

    for stranger in ("mgr-north", "rep07"):
        headers = login(client, stranger)
        assert client.get(f"/api/v1/leads/{lead['id']}", headers=headers).status_code == 404
        assert client.get("/api/v1/leads", params={"q": tag},
                          headers=headers).json()["items"] == []
    closed = client.post(f"/api/v1/leads/{lead['id']}/disqualify", headers=mgr_south,
                         json={"reason": "客户已选别家"})
    assert closed.status_code == 200 and closed.json()["status"] == "disqualified"


def test_a_lead_nobody_works_moves_to_its_customers_region_once_the_province_is_known(
    stack: Any, client: httpx.Client, admin: dict[str, str],
) -> None:
    tag = uuid.uuid4().hex[:8]
    director = login(client, "director")
    form = web_form(province="", phone="", company=f"{tag}精密铸造有限公司")
    lead_id = submit(client, stack.intake_api_key, form).json()["lead_id"]

    def placed() -> dict[str, Any] | None:
        found = client.get(f"/api/v1/leads/{lead_id}", headers=director).json()
        return found if found.get("status") == "unassignable" else None

    stuck = eventually(placed)
    assert stuck["region_id"] == region_of(client, admin, "新疆")["id"]  # 其他: nobody there
    south = region_of(client, admin, "广东")

    refused = client.patch(f"/api/v1/leads/{lead_id}", json={"province": "火星"},
                           headers=director)
    assert refused.status_code == 422 and refused.json()["field"] == "province"
    moved = client.patch(f"/api/v1/leads/{lead_id}", json={"province": "广东省"},
                         headers=director)
    assert moved.status_code == 200, moved.text
    lead = moved.json()
    assert (lead["province"], lead["province_source"], lead["region_id"], lead["status"]) == (
        "广东", "given", south["id"], "assigned")
    assert lead["assignment_reason"].startswith(f"省份改为 广东，由 其他 转入 {south['name']}；")
    history = client.get(f"/api/v1/leads/{lead_id}", headers=director).json()["touches"]
    assert (history[-1]["source"], history[-1]["channel"]) == ("system", "region_moved")
    assert history[-1]["summary"] == (
        f"王建国 将省份改为 广东：线索由 其他 转入 {south['name']}，重新分配")
    assert client.get(f"/api/v1/leads/{lead_id}",
                      headers=login(client, "mgr-south")).status_code == 200
    if lead["owner_username"] in SOUTH_REPS:  # the demo's own 华南 team, unless reshaped
        inbox_item_for(client, login(client, lead["owner_username"]), lead_id)
    client.post(f"/api/v1/leads/{lead_id}/disqualify", headers=director,
                json={"reason": "测试线索"})


def test_an_office_number_with_its_extension_places_the_lead_and_the_customers_word_stays(
    stack: Any, client: httpx.Client,
) -> None:
    """A customer writes their office number as 020-8…转801 (a web form's lead was a 422
    and lost): the lead is made and placed in 广东 by the area code. Their next form says
    广东 too, which makes it the customer's word; a third form's 浙江 then moves nothing."""
    director = login(client, "director")
    office = f"020-8{uuid.uuid4().int % 10**7:07d}"
    first = submit(client, stack.intake_api_key,
                   web_form(province="", phone=f"{office}转801", email=""))
    assert first.status_code == 202, first.text
    lead_id = first.json()["lead_id"]

    def lead_after(touches: int) -> dict[str, Any] | None:
        found = client.get(f"/api/v1/leads/{lead_id}", headers=director).json()
        placed = found.get("status") in ("assigned", "unassignable")
        return found if placed and len(found.get("touches", [])) >= touches else None

    lead = eventually(lambda: lead_after(1))
    assert (lead["phone"], lead["province"], lead["province_source"]) == (
        "+8620" + office[4:], "广东", "landline")
    for province in ("广东", "浙江"):
        again = submit(client, stack.intake_api_key,
                       web_form(province=province, phone=office, email=""))
        assert again.status_code == 202 and again.json()["lead_id"] == lead_id, again.text
    lead = eventually(lambda: lead_after(3))
    assert (lead["province"], lead["province_source"]) == ("广东", "given")
    closed = client.post(f"/api/v1/leads/{lead_id}/disqualify", headers=director,
                         json={"reason": "测试线索"})
    assert closed.status_code == 200, closed.text
