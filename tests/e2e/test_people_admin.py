"""People admin through the running system: an admin hires a rep who then gets leads,
stops them (their token is refused within seconds, new leads go to the others), and
moves a manager to other regions (log in again, see the new region's leads)."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.e2e.helpers import (
    ADMIN_USERS,
    TEMPORARY_PASSWORD,
    assigned_lead,
    eventually,
    first_login,
    hire,
    login,
    submit,
    web_form,
)

pytestmark = pytest.mark.e2e
OWN = "Own-Choice-2026"  # what the hire then chooses (first_login)
ORG_CACHE_SECONDS = 5.5  # the services remember OrgDirectory answers 5 s (servicekit.orgdir)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def log_in(client: httpx.Client, username: str) -> dict[str, str]:
    """A later login of a hire, with the password they chose at the first."""
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": OWN})
    assert answer.status_code == 200, answer.text
    return bearer(answer.json()["access_token"])


def managed_region(client: httpx.Client, admin: dict[str, str], manager: str) -> str:
    found = client.get(ADMIN_USERS, params={"q": manager}, headers=admin).json()["items"]
    return str(found[0]["managed_region_ids"][0])


def jiangsu_lead(stack: Any, client: httpx.Client, director: dict[str, str],
                 company: str = "") -> dict[str, Any]:
    form = web_form(province="江苏", **({"company": company} if company else {}))
    lead_id = submit(client, stack.intake_api_key, form).json()["lead_id"]
    return assigned_lead(client, director, lead_id)


def test_a_hired_rep_gets_leads_and_once_stopped_is_logged_out_and_gets_none(
        stack: Any, client: httpx.Client, admin: dict[str, str]) -> None:
    east = managed_region(client, admin, "mgr-east")
    mgr = client.get(ADMIN_USERS, params={"q": "mgr-east"}, headers=admin).json()["items"][0]["id"]
    rep = hire(client, admin, display_name="钱多多", role="rep", region_id=east,
               manager_id=mgr)
    as_hire = first_login(client, rep["username"], TEMPORARY_PASSWORD, OWN)
    director = login(client, "director")
    time.sleep(ORG_CACHE_SECONDS)  # the assigner's view of 华东's reps now has them
    owners = [jiangsu_lead(stack, client, director) for _ in range(12)]
    theirs = [lead["id"] for lead in owners if lead["owner_username"] == rep["username"]]
    assert theirs, [lead["owner_username"] for lead in owners]  # round-robin reached them
    listed = client.get("/api/v1/leads", headers=as_hire).json()["items"]
    assert set(theirs) <= {lead["id"] for lead in listed}

    stopped = client.patch(f"{ADMIN_USERS}/{rep['id']}", json={"active": False}, headers=admin)
    assert stopped.status_code == 200 and stopped.json()["active"] is False
    refused = eventually(lambda: (r := client.get("/api/v1/leads", headers=as_hire))
                         .status_code == 401 and r, timeout=5)
    assert "请重新登录" in refused.json()["detail"]
    assert client.post("/api/v1/auth/token", json={"username": rep["username"],
                                                   "password": OWN}).status_code == 401
    time.sleep(ORG_CACHE_SECONDS)
    later = [jiangsu_lead(stack, client, director) for _ in range(8)]
    assert rep["username"] not in {lead["owner_username"] for lead in later}


def test_a_rep_with_open_leads_keeps_the_role_until_they_are_handed_over(
        stack: Any, client: httpx.Client, admin: dict[str, str]) -> None:
    """Moved to engineering while still holding leads, nobody in sales would see them
    move: the role change is 409 naming `role` with the counts; once the admin hands them
    to a colleague, the same change goes through."""
    east = managed_region(client, admin, "mgr-east")
    mgr = client.get(ADMIN_USERS, params={"q": "mgr-east"}, headers=admin).json()["items"][0]["id"]
    rep, colleague = (hire(client, admin, display_name=name, role="rep", region_id=east,
                           manager_id=mgr) for name in ("褚转岗", "卫同事"))
    director = login(client, "director")
    time.sleep(ORG_CACHE_SECONDS)  # the assigner's view of 华东's reps now has them
    owners = [jiangsu_lead(stack, client, director) for _ in range(12)]
    theirs = [lead for lead in owners if lead["owner_username"] == rep["username"]]
    assert theirs, [lead["owner_username"] for lead in owners]
    lead_engineers = client.get(ADMIN_USERS, params={"q": "eng-lead"}, headers=admin).json()
    eng_lead = lead_engineers["items"][0]
    to_engineering = {"role": "engineer", "department_id": eng_lead["department_id"],
                      "manager_id": eng_lead["id"], "region_id": None}

    refused = client.patch(f"{ADMIN_USERS}/{rep['id']}", json=to_engineering, headers=admin)
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["field"] == "role" and f"{len(theirs)} 条进行中的线索" in problem["detail"]
    assert "交接" in problem["detail"]
    assert client.get(f"{ADMIN_USERS}/{rep['id']}", headers=admin).json()["role"] == "rep"

    handed = client.post(f"{ADMIN_USERS}/{rep['id']}/handover", headers=admin,
                         json={"to_user_id": colleague["id"]})
    assert handed.status_code == 200 and handed.json()["leads"] == len(theirs), handed.text
    changed = client.patch(f"{ADMIN_USERS}/{rep['id']}", json=to_engineering, headers=admin)
    assert changed.status_code == 200 and changed.json()["role"] == "engineer", changed.text
    for hired in (rep, colleague):  # the later stories' 华东 leads go to the demo reps
        client.patch(f"{ADMIN_USERS}/{hired['id']}", json={"active": False}, headers=admin)


def test_a_manager_moved_to_another_region_logs_in_again_and_sees_its_leads(
        stack: Any, client: httpx.Client, admin: dict[str, str]) -> None:
    east = managed_region(client, admin, "mgr-east")
    south = managed_region(client, admin, "mgr-south")
    manager = hire(client, admin, display_name="冯经理", role="manager", region_id=east,
                   managed_region_ids=[east],
                   manager_id=client.get(ADMIN_USERS, params={"q": "director", "role": "director"},
                                         headers=admin).json()["items"][0]["id"])
    old = first_login(client, manager["username"], TEMPORARY_PASSWORD, OWN)
    tag = uuid.uuid4().hex[:8]
    director = login(client, "director")
    in_east = jiangsu_lead(stack, client, director, company=f"{tag}精工有限公司")
    form = web_form(province="广东", company=f"{tag}五金有限公司")
    in_south = assigned_lead(client, director,
                             submit(client, stack.intake_api_key, form).json()["lead_id"])

    def seen(headers: dict[str, str]) -> set[str]:
        answer = client.get("/api/v1/leads", params={"q": tag}, headers=headers)
        assert answer.status_code == 200, answer.text
        return {lead["id"] for lead in answer.json()["items"]}

    assert seen(old) == {in_east["id"]}
    moved = client.patch(f"{ADMIN_USERS}/{manager['id']}", json={"managed_region_ids": [south]},
                         headers=admin)
    assert moved.status_code == 200, moved.text
    eventually(lambda: client.get("/api/v1/leads", headers=old).status_code == 401, timeout=5)
    assert seen(log_in(client, manager["username"])) == {in_south["id"]}
    client.patch(f"{ADMIN_USERS}/{manager['id']}", json={"active": False}, headers=admin)


def test_people_admin_is_for_admins_and_bad_fields_are_named(
        client: httpx.Client, admin: dict[str, str]) -> None:
    body = {"username": "e2e-nobody", "display_name": "某人", "role": "rep",
            "password": TEMPORARY_PASSWORD}
    for who in ("rep01", "mgr-east", "director"):
        assert client.post(ADMIN_USERS, json=body, headers=login(client, who)).status_code == 403
    no_region = client.post(ADMIN_USERS, json=body, headers=admin)
    assert no_region.status_code == 422 and no_region.json()["field"] == "region_id"


def test_two_admins_stopping_each_other_at_once_never_deadlock(
        client: httpx.Client, admin: dict[str, str]) -> None:
    # Each request locked its target, then every active admin (the "one admin remains"
    # check): two at once waited on each other and PostgreSQL failed one of them, a 500.
    # Both succeed when both were let in before either committed; a request let in after
    # the other stopped its sender is 401 like any stopped user's (which one is timing).
    for _ in range(3):
        pair = [hire(client, admin, role="admin", display_name="副管理员") for _ in range(2)]
        tokens = [first_login(client, p["username"], TEMPORARY_PASSWORD, OWN) for p in pair]
        with ThreadPoolExecutor(2) as pool:
            sent = [pool.submit(client.patch, f"{ADMIN_USERS}/{pair[1 - i]['id']}",
                                json={"active": False}, headers=tokens[i]) for i in (0, 1)]
            answers = [s.result() for s in sent]
        statuses = sorted(a.status_code for a in answers)
        assert statuses in ([200, 200], [200, 401]), [a.text for a in answers]
        for hired in pair:  # the one left active when the other's request came too late
            stopped = client.patch(f"{ADMIN_USERS}/{hired['id']}", json={"active": False},
                                   headers=admin)
            assert stopped.status_code == 200, stopped.text
