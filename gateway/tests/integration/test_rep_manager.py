"""A rep always reports to someone: incentives groups reps by manager, and a rep without
one was scored in a team labelled just "团队". Other roles may stand alone."""

import httpx
import pytest

from .test_user_admin import USERS, admin, new_rep, rep_body, user_id

pytestmark = pytest.mark.integration


async def test_a_rep_without_a_manager_is_refused_naming_manager_id(
        api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    alone = await new_rep(api, headers, username="alone", manager_id=None)
    assert alone.status_code == 422 and alone.json()["field"] == "manager_id", alone.text
    body = await rep_body(api, headers, username="alone")
    del body["manager_id"]
    assert (await api.post(USERS, json=body, headers=headers)).json()["field"] == "manager_id"
    assert (await api.get(USERS, params={"q": "alone"}, headers=headers)).json()["items"] == []

    rep01 = await user_id(api, headers, "rep01")
    cleared = await api.patch(f"{USERS}/{rep01}", json={"manager_id": None}, headers=headers)
    assert cleared.status_code == 422 and cleared.json()["field"] == "manager_id"
    assert (await api.get(f"{USERS}/{rep01}", headers=headers)).json()["manager_id"]


async def test_a_finance_clerk_made_a_rep_must_be_given_a_manager(
        api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    clerk = await new_rep(api, headers, username="clerk", role="finance", region_id=None,
                          manager_id=None)
    assert clerk.status_code == 201, clerk.text  # finance needs no manager
    path = f"{USERS}/{clerk.json()['id']}"
    east = (await rep_body(api, headers))["region_id"]
    moved = await api.patch(path, json={"role": "rep", "region_id": east}, headers=headers)
    assert moved.status_code == 422 and moved.json()["field"] == "manager_id"
    boss = await user_id(api, headers, "mgr-east")
    given = await api.patch(path, json={"role": "rep", "region_id": east, "manager_id": boss},
                            headers=headers)
    assert given.status_code == 200, given.text


async def test_engineers_managers_and_directors_need_no_manager(
        api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    east = (await rep_body(api, headers))["region_id"]
    departments = (await api.get("/api/v1/admin/departments", headers=headers)).json()
    qa = next(d["id"] for d in departments["items"] if d["code"] == "engineering")
    for username, role, extra in (("top", "director", {}),
                                  ("boss", "manager", {"managed_region_ids": [east]}),
                                  ("solo", "engineer", {"department_id": qa})):
        made = await new_rep(api, headers, username=username, role=role, region_id=None,
                             manager_id=None, **extra)
        assert made.status_code == 201, made.text
