"""An admin redraws the sales regions: opens 华中 with 湖北/湖南/河南 moved out of 其他,
renames a region, moves a province between two, names a manager for the new one. The
directory the services ask answers the new map at once; bad input changes nothing."""

from typing import Any

import httpx
import pytest
from gateway.adapters.orm import Region
from gateway.orgdirectory import OrgDirectoryServicer
from gateway.provinces import DEFAULT_REGION
from gateway.seed import seed_demo_company
from salesos.org.v1 import org_pb2
from sqlalchemy import update

from .conftest import login

pytestmark = pytest.mark.integration
REGIONS = "/api/v1/admin/regions"
CENTRAL = {"code": "central", "name": "华中", "provinces": ["湖北省", "湖南", "河南"]}


async def _admin(api: httpx.AsyncClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {await login(api, 'admin')}"}


async def _region_of(directory: OrgDirectoryServicer, province: str) -> str:
    return (await directory.ResolveRegion(
        org_pb2.ResolveRegionRequest(province=province), None)).name  # type: ignore[arg-type]


async def _map(api: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, str]:
    items = (await api.get(REGIONS, headers=headers)).json()["items"]
    return {p: r["code"] for r in items for p in r["provinces"]}


async def test_a_new_region_takes_its_provinces_and_the_directory_answers_it_at_once(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    admin = await _admin(api)
    directory = OrgDirectoryServicer(gateway_sessions)
    assert await _region_of(directory, "湖北") == "其他"  # the directory has read the map

    made = await api.post(REGIONS, json=CENTRAL, headers=admin | {"Idempotency-Key": "hz-1"})
    assert made.status_code == 201, made.text
    central = made.json()
    assert central["provinces"] == sorted(["湖北", "湖南", "河南"])
    assert {(m["province"], m["from_code"], m["from_name"]) for m in central["moved"]} == {
        ("湖北", "default", "其他"), ("湖南", "default", "其他"), ("河南", "default", "其他")}
    assert await _region_of(directory, "湖北省") == "华中"
    assert await _region_of(directory, "山西") == "其他"

    again = await api.post(REGIONS, json=CENTRAL, headers=admin | {"Idempotency-Key": "hz-1"})
    assert (again.status_code, again.json()["id"]) == (201, central["id"])
    other = await api.post(REGIONS, json=CENTRAL | {"name": "华中大区"},
                           headers=admin | {"Idempotency-Key": "hz-1"})
    assert (other.status_code, other.json()["field"]) == (422, "Idempotency-Key")


@pytest.mark.parametrize(("body", "status", "field"), [
    (CENTRAL | {"provinces": ["湖北", "火星"]}, 422, "provinces.1"),
    (CENTRAL | {"code": "east"}, 409, "code"),
    (CENTRAL | {"name": "华东"}, 409, "name"),
    (CENTRAL | {"name": " "}, 422, "name"),
    (CENTRAL | {"code": "Central"}, 422, "code"),
    (CENTRAL | {"provinces": list(DEFAULT_REGION.provinces)}, 422, "provinces"),
])
async def test_a_bad_region_is_refused_naming_the_field_and_nothing_moves(
        api: httpx.AsyncClient, body: dict[str, Any], status: int, field: str) -> None:
    admin = await _admin(api)
    before = await _map(api, admin)
    answer = await api.post(REGIONS, json=body, headers=admin)
    assert (answer.status_code, answer.json()["field"]) == (status, field), answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert await _map(api, admin) == before
    assert len((await api.get(REGIONS, headers=admin)).json()["items"]) == 5


async def test_a_region_with_two_bad_provinces_names_both(api: httpx.AsyncClient) -> None:
    admin = await _admin(api)
    answer = await api.post(REGIONS, headers=admin,
                            json=CENTRAL | {"provinces": ["火星", "湖北", "香港"]})
    assert (answer.status_code, answer.json()["field"]) == (422, "provinces.0"), answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["provinces.0", "provinces.2"]


async def test_a_province_sent_with_a_nul_is_quoted_back_without_it(
        api: httpx.AsyncClient) -> None:
    answer = await api.post(REGIONS, headers=await _admin(api),
                            json=CENTRAL | {"provinces": ["湖北\x00"]})
    assert (answer.status_code, answer.json()["field"]) == (422, "provinces.0"), answer.text
    assert "湖北\\u0000" in answer.json()["errors"][0]["message"]
    assert "\x00" not in str(answer.json())


async def test_a_rename_and_a_move_stay_when_the_seed_runs_again(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    admin = await _admin(api)
    renamed = await api.patch(f"{REGIONS}/east", json={"name": "华东大区"}, headers=admin)
    assert (renamed.status_code, renamed.json()["name"]) == (200, "华东大区"), renamed.text
    moved = await api.post(f"{REGIONS}/north/provinces", json={"provinces": ["安徽", "山东"]},
                           headers=admin)
    assert moved.status_code == 200, moved.text
    assert [(m["province"], m["from_name"]) for m in moved.json()["moved"]] == [
        ("安徽", "华东大区")]  # 山东 was in 华北 already
    taken = await api.patch(f"{REGIONS}/south", json={"name": "华北"}, headers=admin)
    assert (taken.status_code, taken.json()["field"]) == (409, "name")
    missing = await api.post(f"{REGIONS}/nowhere/provinces", json={"provinces": ["安徽"]},
                             headers=admin)
    assert missing.status_code == 404

    await seed_demo_company(gateway_sessions, demo=True, intake_key=None)
    after = {r["code"]: r for r in (await api.get(REGIONS, headers=admin)).json()["items"]}
    assert after["east"]["name"] == "华东大区"
    assert "安徽" in after["north"]["provinces"] and "安徽" not in after["east"]["provinces"]


async def test_a_manager_given_the_new_region_is_its_manager_and_their_token_claims_it(
        api: httpx.AsyncClient) -> None:
    admin = await _admin(api)
    central = (await api.post(REGIONS, json=CENTRAL, headers=admin)).json()
    users = (await api.get("/api/v1/admin/users", params={"q": "mgr-east"},
                           headers=admin)).json()["items"]
    manager = next(u for u in users if u["username"] == "mgr-east")
    given = await api.patch(f"/api/v1/admin/users/{manager['id']}", headers=admin, json={
        "managed_region_ids": [*manager["managed_region_ids"], central["id"]]})
    assert given.status_code == 200, given.text
    listed = {r["code"]: r for r in (await api.get(REGIONS, headers=admin)).json()["items"]}
    assert [m["name"] for m in listed["central"]["managers"]] == ["李明"]
    me = await api.get("/api/v1/me", headers={
        "Authorization": f"Bearer {await login(api, 'mgr-east')}"})
    assert central["id"] in me.json()["region_ids"]


async def test_directors_read_and_export_regions_but_only_admins_change_them(
        api: httpx.AsyncClient) -> None:
    director = {"Authorization": f"Bearer {await login(api, 'director')}"}
    assert (await api.get(REGIONS, headers=director)).status_code == 200
    sheet = await api.get(f"{REGIONS}/export.xlsx", headers=director)
    assert sheet.status_code == 200
    refused = await api.post(REGIONS, json=CENTRAL, headers=director)
    assert (refused.status_code, refused.json()["detail"]) == (403, "只有管理员可以管理区域")
    rep = {"Authorization": f"Bearer {await login(api, 'rep01')}"}
    unseen = await api.get(REGIONS, headers=rep)
    assert (unseen.status_code, unseen.json()["detail"]) == (403, "只有管理员或总监可以查看区域")


async def test_the_default_regions_last_province_is_refused_under_the_name_it_has_now(
        api: httpx.AsyncClient) -> None:
    """An admin who renamed 其他 to 其它地区 is told which region must keep a province by
    the name they see in the list, not the one it was seeded with."""
    admin = await _admin(api)
    renamed = await api.patch(f"{REGIONS}/default", json={"name": "其它地区"}, headers=admin)
    assert renamed.status_code == 200, renamed.text
    everything = list(DEFAULT_REGION.provinces)
    refused = await api.post(REGIONS, json=CENTRAL | {"provinces": everything}, headers=admin)
    assert (refused.status_code, refused.json()["field"]) == (422, "provinces"), refused.text
    assert "默认区域「其它地区」" in refused.json()["detail"]
    assert "其他" not in refused.json()["detail"]


async def test_a_name_typed_with_odd_spaces_is_stored_tidied_and_blocks_its_look_alikes(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    """「华东  一区」 and 「华东 一区」 look the same in every list: the name is stored with
    one space, and a region saved before that rule, double space and all, still blocks
    its look-alike (no migration rewrote it)."""
    admin = await _admin(api)
    made = await api.post(REGIONS, headers=admin, json={
        "code": "east_one", "name": "华东\u3000\u3000一区", "provinces": ["上海"]})
    assert (made.status_code, made.json()["name"]) == (201, "华东 一区"), made.text
    twin = await api.post(REGIONS, headers=admin, json={"code": "east_two", "name": "华东  一区"})
    assert (twin.status_code, twin.json()["field"]) == (409, "name"), twin.text

    async with gateway_sessions() as session:  # as an older gateway stored a rename
        await session.execute(update(Region).where(Region.code == "south")
                              .values(name="华南  一区"))
        await session.commit()
    look_alike = await api.patch(f"{REGIONS}/north", headers=admin, json={"name": "华南 一区"})
    assert (look_alike.status_code, look_alike.json()["field"]) == (409, "name")
    assert "south" in look_alike.json()["detail"]
    tidied = await api.patch(f"{REGIONS}/south", headers=admin, json={"name": "华南 一区"})
    assert (tidied.status_code, tidied.json()["name"]) == (200, "华南 一区"), tidied.text
    # A look-alike pair saved before names were compared as read: renaming either to its
    # own name (an edit form sent back whole) is no clash.
    async with gateway_sessions() as session:
        await session.execute(update(Region).where(Region.code == "north")
                              .values(name="华南一区"))
        await session.commit()
    for code, name in (("north", "华南一区"), ("south", "华南 一区")):
        same = await api.patch(f"{REGIONS}/{code}", headers=admin, json={"name": name})
        assert same.status_code == 200, same.text
