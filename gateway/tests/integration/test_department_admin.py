"""Departments an admin creates reach the services' directory with the supervisor they
named; one who stops is passed over, and re-running the seed keeps an admin's rename."""

from typing import Any

import httpx
import pytest
from gateway.adapters.orm import Department
from gateway.departments import list_departments
from gateway.seed import seed_demo_company
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .conftest import login

pytestmark = pytest.mark.integration
DEPARTMENTS = "/api/v1/admin/departments"


async def _ids(api: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, str]:
    found = (await api.get("/api/v1/admin/users", params={"limit": 200},
                           headers=admin)).json()["items"]
    return {u["username"]: u["id"] for u in found}


async def _supervisor(sessions: async_sessionmaker[AsyncSession], code: str) -> str:
    async with sessions() as session:
        reply = await list_departments(session)
    return next(d.supervisor_id for d in reply.departments if d.code == code)


async def test_a_named_supervisor_leads_until_they_stop(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    ids = await _ids(api, admin)
    assert await _supervisor(gateway_sessions, "delivery") == ids["dlv-lead"]

    named = await api.patch(f"{DEPARTMENTS}/delivery", headers=admin,
                            json={"supervisor_id": ids["dlv1"]})
    assert named.status_code == 200, named.text
    assert await _supervisor(gateway_sessions, "delivery") == ids["dlv1"]

    stopped = await api.patch(f"/api/v1/admin/users/{ids['dlv1']}", headers=admin,
                              json={"active": False})
    assert stopped.status_code == 200, stopped.text
    assert await _supervisor(gateway_sessions, "delivery") == ids["dlv-lead"]
    read = (await api.get(DEPARTMENTS, headers=admin)).json()["items"]
    delivery = next(d for d in read if d["code"] == "delivery")
    assert (delivery["supervisor_id"], delivery["acting_supervisor_id"],
            delivery["supervisor_from"]) == (ids["dlv1"], ids["dlv-lead"], "reporting_line")


async def test_a_named_member_who_moves_to_another_department_no_longer_leads_it(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    ids = await _ids(api, admin)
    named = await api.patch(f"{DEPARTMENTS}/delivery", headers=admin,
                            json={"supervisor_id": ids["dlv1"]})
    assert named.status_code == 200, named.text
    engineering = next(d for d in (await api.get(DEPARTMENTS, headers=admin)).json()["items"]
                       if d["code"] == "engineering")
    moved = await api.patch(f"/api/v1/admin/users/{ids['dlv1']}", headers=admin, json={
        "department_id": engineering["id"], "manager_id": ids["eng-lead"]})
    assert moved.status_code == 200, moved.text
    assert await _supervisor(gateway_sessions, "delivery") == ids["dlv-lead"]


async def test_a_new_department_is_in_the_directory_with_its_manager_supervisor(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    ids = await _ids(api, admin)
    made = await api.post(DEPARTMENTS, headers=admin, json={
        "code": "aftersales", "name": "售后服务部", "supervisor_id": ids["mgr-east"]})
    assert made.status_code == 201, made.text
    assert await _supervisor(gateway_sessions, "aftersales") == ids["mgr-east"]
    assert made.json()["acting_supervisor_name"] == "李明"


async def test_the_seed_keeps_the_name_an_admin_gave_a_seeded_department(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    renamed = await api.patch(f"{DEPARTMENTS}/delivery", headers=admin,
                              json={"name": "交付与安装部"})
    assert renamed.status_code == 200, renamed.text
    await seed_demo_company(gateway_sessions, demo=True, intake_key=None)
    async with gateway_sessions() as session:
        reply = await list_departments(session)
    assert {d.code: d.name for d in reply.departments}["delivery"] == "交付与安装部"


async def test_two_active_departments_never_share_a_name(api: httpx.AsyncClient) -> None:
    """People pick a department by its name (hiring, work orders, filters, exports): a
    second 财务部 — created or renamed into — is 409 naming `name`, as regions are, and
    nothing is written by a refusal (a retired one's name: test_department_retire)."""
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    made = await api.post(DEPARTMENTS, json={"code": "finance2", "name": "财务部"},
                          headers=admin)
    assert (made.status_code, made.json()["field"]) == (409, "name"), made.text
    assert "财务部" in made.json()["detail"]
    ok = await api.post(DEPARTMENTS, json={"code": "audit", "name": "审计部"}, headers=admin)
    assert ok.status_code == 201, ok.text
    renamed = await api.patch(f"{DEPARTMENTS}/audit", json={"name": " 财务部 "}, headers=admin)
    assert (renamed.status_code, renamed.json()["field"]) == (409, "name"), renamed.text
    same = await api.patch(f"{DEPARTMENTS}/audit", json={"name": "审计部"}, headers=admin)
    assert same.status_code == 200, same.text  # its own name is no conflict
    names = [d["name"] for d in (await api.get(DEPARTMENTS, headers=admin)).json()["items"]
             if d["state"] == "active"]
    assert sorted(names) == sorted(set(names))


async def test_a_department_name_is_stored_tidied_and_an_older_spelling_still_blocks_it(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    """「质量 检测部」 typed with a full-width or a double space is one name, stored with one
    ASCII space; a department saved before that rule with a double space still blocks
    its look-alike, and may itself be renamed to the tidy spelling."""
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    made = await api.post(DEPARTMENTS, headers=admin,
                          json={"code": "quality", "name": " 质量\u3000检测部 "})
    assert (made.status_code, made.json()["name"]) == (201, "质量 检测部"), made.text
    twin = await api.post(DEPARTMENTS, headers=admin,
                          json={"code": "quality2", "name": "质量  检测部"})
    assert (twin.status_code, twin.json()["field"]) == (409, "name"), twin.text

    async with gateway_sessions() as session:  # as an older gateway stored a rename
        await session.execute(update(Department).where(Department.code == "delivery")
                              .values(name="交付  安装部"))
        await session.commit()
    look_alike = await api.patch(f"{DEPARTMENTS}/quality", headers=admin,
                                 json={"name": "交付 安装部"})
    assert (look_alike.status_code, look_alike.json()["field"]) == (409, "name")
    assert "delivery" in look_alike.json()["detail"]
    tidied = await api.patch(f"{DEPARTMENTS}/delivery", headers=admin,
                             json={"name": "交付 安装部"})
    assert (tidied.status_code, tidied.json()["name"]) == (200, "交付 安装部"), tidied.text
    # Two look-alikes saved before names were compared as read (「交付安装部」 beside it):
    # an edit form sending each one's own name back with another change is no clash.
    async with gateway_sessions() as session:
        await session.execute(update(Department).where(Department.code == "quality")
                              .values(name="交付安装部"))
        await session.commit()
    for code, name in (("quality", "交付安装部"), ("delivery", "交付 安装部")):
        edited = await api.patch(f"{DEPARTMENTS}/{code}", headers=admin,
                                 json={"name": name, "kind": "functional"})
        assert edited.status_code == 200, edited.text


async def test_a_sales_department_is_known_by_its_kind_whatever_its_code(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    """The company opens 华南销售部 under the code `sales_south`: created as a sales one,
    the directory says so (and the work-order service refuses orders to it, as to 销售部),
    not only the seeded `sales`. 技术部 takes the deals' requests on its own: it stays a
    queue."""
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    made = await api.post(DEPARTMENTS, headers=admin,
                          json={"code": "sales_south", "name": "华南销售部", "kind": "sales"})
    assert (made.status_code, made.json()["kind"]) == (201, "sales"), made.text
    plain = await api.post(DEPARTMENTS, headers=admin, json={"code": "qa", "name": "质检部"})
    assert plain.json()["kind"] == "functional"
    async with gateway_sessions() as session:
        kinds = {d.code: d.kind for d in (await list_departments(session)).departments}
    assert (kinds["sales"], kinds["sales_south"], kinds["qa"], kinds["engineering"]) == (
        "sales", "sales", "functional", "functional")

    turned = await api.patch(f"{DEPARTMENTS}/qa", headers=admin, json={"kind": "sales"})
    assert (turned.status_code, turned.json()["kind"]) == (200, "sales"), turned.text
    kept = await api.patch(f"{DEPARTMENTS}/engineering", headers=admin, json={"kind": "sales"})
    assert (kept.status_code, kept.json()["field"]) == (409, "kind"), kept.text
    for bad in ({"kind": "marketing"}, {"kind": None}):
        refused = await api.patch(f"{DEPARTMENTS}/qa", headers=admin, json=bad)
        assert (refused.status_code, refused.json()["field"]) == (422, "kind"), refused.text
    listed = {d["code"]: d["kind"] for d in
              (await api.get(DEPARTMENTS, headers=admin)).json()["items"]}
    assert (listed["engineering"], listed["qa"]) == ("functional", "sales")
