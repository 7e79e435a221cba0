"""Who may hand a leaver's leads and deals over, and to whom: refused at the gateway
before any service is asked (the moves themselves: the services' tests and
tests/e2e/test_leaver_handover.py)."""

import uuid

import httpx
import pytest

from .conftest import login

pytestmark = pytest.mark.integration
USERS = "/api/v1/admin/users"


async def as_user(api: httpx.AsyncClient, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {await login(api, username)}"}


async def user_id(api: httpx.AsyncClient, username: str) -> str:
    found = (await api.get(USERS, params={"q": username},
                           headers=await as_user(api, "admin"))).json()["items"]
    return str(next(u["id"] for u in found if u["username"] == username))


async def test_a_rep_or_another_regions_manager_may_not_hand_over(api: httpx.AsyncClient) -> None:
    leaver, heir = await user_id(api, "rep01"), await user_id(api, "rep02")
    for caller in ("rep03", "mgr-south", "finance"):
        refused = await api.post(f"{USERS}/{leaver}/handover", json={"to_user_id": heir},
                                 headers=await as_user(api, caller))
        assert refused.status_code == 403, (caller, refused.text)
    missing = await api.post(f"{USERS}/{uuid.uuid4()}/handover", json={"to_user_id": heir},
                             headers=await as_user(api, "admin"))
    assert missing.status_code == 404


async def test_another_regions_successor_needs_an_admin_or_director_saying_so(
        api: httpx.AsyncClient) -> None:
    leaver, south = await user_id(api, "rep01"), await user_id(api, "rep06")
    path = f"{USERS}/{leaver}/handover"
    for body in ({"to_user_id": south}, {"to_user_id": south, "cross_region": True}):
        refused = await api.post(path, json=body, headers=await as_user(api, "mgr-east"))
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == "to_user_id"
    refused = await api.post(path, json={"to_user_id": south},
                             headers=await as_user(api, "admin"))
    assert refused.status_code == 422 and refused.json()["field"] == "to_user_id"


async def test_the_successor_is_another_active_rep_or_manager(api: httpx.AsyncClient) -> None:
    leaver = await user_id(api, "rep01")
    admin = await as_user(api, "admin")
    for successor in ("eng1", "finance", "rep01"):
        refused = await api.post(f"{USERS}/{leaver}/handover", headers=admin,
                                 json={"to_user_id": await user_id(api, successor)})
        assert refused.status_code == 422, (successor, refused.text)
        assert refused.json()["field"] == "to_user_id"
    bad = await api.post(f"{USERS}/{leaver}/handover", headers=admin,
                         json={"to_user_id": "rep02"})
    assert bad.status_code == 422 and bad.json()["field"] == "to_user_id"


async def test_leads_go_to_the_successor_or_through_the_rules_and_nowhere_else(
        api: httpx.AsyncClient) -> None:
    leaver, heir = await user_id(api, "rep01"), await user_id(api, "rep02")
    refused = await api.post(f"{USERS}/{leaver}/handover", headers=await as_user(api, "admin"),
                             json={"to_user_id": heir, "leads_to": "everyone"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "leads_to"
