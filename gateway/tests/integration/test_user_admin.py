"""Admins manage people over the API; a changed or stopped account's old tokens stop."""

import asyncio
import io
import uuid
from typing import Any

import httpx
import pytest
from gateway.main import create_app
from gateway.seed import seed_demo_company
from gateway.settings import GatewaySettings
from openpyxl import load_workbook
from servicekit.auth import decode_token

from .conftest import early_in_a_minute, first_login, login

pytestmark = pytest.mark.integration
USERS = "/api/v1/admin/users"
PASSWORD = "Welcome2026!"  # what the admin hands over: temporary
OWN = "Own-Choice-2026"  # what the person then chooses (first_login)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def admin(api: httpx.AsyncClient) -> dict[str, str]:
    return bearer(await login(api, "admin"))


async def region_id(api: httpx.AsyncClient, headers: dict[str, str], manager: str) -> str:
    found = (await api.get(USERS, params={"q": manager}, headers=headers)).json()["items"]
    return str(found[0]["managed_region_ids"][0])


async def user_id(api: httpx.AsyncClient, headers: dict[str, str], username: str) -> str:
    found = (await api.get(USERS, params={"q": username}, headers=headers)).json()["items"]
    return str(next(u["id"] for u in found if u["username"] == username))


async def department_id(api: httpx.AsyncClient, headers: dict[str, str], code: str) -> str:
    found = (await api.get("/api/v1/admin/departments", headers=headers)).json()["items"]
    return str(next(d["id"] for d in found if d["code"] == code))


async def rep_body(api: httpx.AsyncClient, headers: dict[str, str], **changes: Any
                   ) -> dict[str, Any]:
    body = {"username": f"rep-{uuid.uuid4().hex[:8]}", "display_name": "钱多多", "role": "rep",
            "region_id": await region_id(api, headers, "mgr-east"),
            "manager_id": await user_id(api, headers, "mgr-east"), "password": PASSWORD}
    return body | changes


async def new_rep(api: httpx.AsyncClient, headers: dict[str, str], **changes: Any
                  ) -> httpx.Response:
    return await api.post(USERS, json=await rep_body(api, headers, **changes), headers=headers)


async def test_admin_creates_a_rep_in_east_who_then_logs_in(
        api: httpx.AsyncClient, settings: GatewaySettings) -> None:
    headers = await admin(api)
    created = await new_rep(api, headers, username="Qian.DD")
    assert created.status_code == 201, created.text
    rep = created.json()
    assert rep["username"] == "qian.dd" and rep["role"] == "rep" and rep["active"]
    token = await first_login(api, "QIAN.dd", PASSWORD, OWN)  # ignoring case, like the username
    assert decode_token(token, settings.jwt_secret.get_secret_value()).region_ids == (
        rep["region_id"],)
    me = (await api.get("/api/v1/me", headers=bearer(token))).json()
    assert me["id"] == rep["id"] and me["manager_id"] == rep["manager_id"]
    assert await login(api, "qian.dd", OWN)


async def test_a_new_users_first_password_is_temporary_like_a_reset_one(
        api: httpx.AsyncClient) -> None:
    # The admin chose it and knows it: until the rep picks their own, it opens nothing
    # but the password change, exactly like a password the admin resets.
    headers = await admin(api)
    created = await new_rep(api, headers, username="sun.li")
    assert created.status_code == 201 and created.json()["password_temporary"] is True
    answer = await api.post("/api/v1/auth/token", json={"username": "sun.li",
                                                        "password": PASSWORD})
    assert answer.status_code == 200 and answer.json()["must_change_password"] is True
    temporary = bearer(answer.json()["access_token"])
    for path in ("/api/v1/me", "/api/v1/leads"):
        refused = await api.get(path, headers=temporary)
        assert refused.status_code == 403, (path, refused.text)
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["code"] == "password_change_required"
    await first_login(api, "sun.li", PASSWORD, OWN)
    listed = await api.get(f"{USERS}/{created.json()['id']}", headers=headers)
    assert listed.json()["password_temporary"] is False
    again = await api.post("/api/v1/auth/token", json={"username": "sun.li", "password": OWN})
    assert again.json()["must_change_password"] is False


async def test_the_demo_people_log_in_with_demo_straight_away(api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    for person in (await api.get(USERS, params={"limit": 200}, headers=headers)).json()["items"]:
        assert person["password_temporary"] is False, person["username"]
    answer = await api.post("/api/v1/auth/token", json={"username": "rep01",
                                                        "password": "demo"})
    assert answer.json()["must_change_password"] is False


async def test_a_retried_create_answers_the_same_user_and_a_reused_key_is_refused(
        api: httpx.AsyncClient) -> None:
    headers = {**await admin(api), "Idempotency-Key": "hire-qian"}
    first = await new_rep(api, headers, username="qian")
    again = await new_rep(api, headers, username="qian")
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    other = await new_rep(api, headers, username="sun")
    assert other.status_code == 422 and other.json()["field"] == "Idempotency-Key"


async def test_bad_fields_are_422_naming_the_field_and_nothing_is_stored(
        api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    rep01 = await user_id(api, headers, "rep01")
    cases = [
        ({"region_id": str(uuid.uuid4())}, "region_id"),
        ({"region_id": None}, "region_id"),
        ({"manager_id": rep01}, "manager_id"),
        ({"manager_id": str(uuid.uuid4())}, "manager_id"),
        ({"username": "REP01"}, "username"),
        ({"username": "王伟"}, "username"),
        ({"password": "demo"}, "password"),
        ({"role": "boss"}, "role"),
        ({"role": "engineer"}, "department_id"),
        ({"department_id": await department_id(api, headers, "engineering")}, "department_id"),
        ({"role": "manager", "manager_id": None}, "managed_region_ids"),
        ({"display_name": ""}, "display_name"),
    ]
    for changes, field in cases:
        answer = await new_rep(api, headers, **{"username": "hire-1", **changes})
        assert answer.status_code == 422, (changes, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["field"] == field, (changes, answer.json())
    assert (await api.get(USERS, params={"q": "hire-1"}, headers=headers)).json()["items"] == []


async def test_only_admins_manage_people_and_directors_may_read(
        api: httpx.AsyncClient) -> None:
    body = await rep_body(api, await admin(api))
    for who in ("rep01", "mgr-east", "director", "finance"):
        headers = bearer(await login(api, who))
        assert (await api.post(USERS, json=body, headers=headers)).status_code == 403
        some_id = str(uuid.uuid4())
        assert (await api.patch(f"{USERS}/{some_id}", json={"active": False},
                                headers=headers)).status_code == 403
    assert (await api.get(USERS, headers=bearer(await login(api, "director")))).status_code \
        == 200
    assert (await api.get(USERS, headers=bearer(await login(api, "rep01")))).status_code \
        == 403


async def test_a_deactivated_rep_is_logged_out_and_cannot_log_in(
        api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    rep = (await new_rep(api, headers, username="leaving")).json()
    token = await first_login(api, "leaving", PASSWORD, OWN)
    assert (await api.get("/api/v1/me", headers=bearer(token))).status_code == 200
    answer = await api.patch(f"{USERS}/{rep['id']}", json={"active": False}, headers=headers)
    assert answer.status_code == 200 and answer.json()["active"] is False
    refused = await api.get("/api/v1/me", headers=bearer(token))
    assert refused.status_code == 401 and "请重新登录" in refused.json()["detail"]
    assert refused.headers["content-type"] == "application/problem+json"
    gone = await api.post("/api/v1/auth/token", json={"username": "leaving",
                                                      "password": OWN})
    assert gone.status_code == 401
    # the lean manual-entry path and the live stream refuse it too
    entry = await api.post("/api/v1/leads", json={"name": "王伟", "phone": "13800000000"},
                           headers=bearer(token))
    assert entry.status_code == 401
    stream = await api.get("/api/v1/notifications/stream", params={"access_token": token})
    assert stream.status_code == 401


async def test_a_manager_given_other_regions_must_log_in_again_and_then_sees_them(
        api: httpx.AsyncClient, settings: GatewaySettings) -> None:
    headers = await admin(api)
    south = await region_id(api, headers, "mgr-south")
    manager = await user_id(api, headers, "mgr-east")
    old = await login(api, "mgr-east")
    answer = await api.patch(f"{USERS}/{manager}", json={"managed_region_ids": [south]},
                             headers=headers)
    assert answer.status_code == 200 and answer.json()["managed_region_ids"] == [south]
    assert (await api.get("/api/v1/me", headers=bearer(old))).status_code == 401
    fresh = decode_token(await login(api, "mgr-east"), settings.jwt_secret.get_secret_value())
    assert fresh.region_ids == (south,)


async def test_a_display_name_change_keeps_the_session(api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    token = await login(api, "rep02")
    rep02 = await user_id(api, headers, "rep02")
    assert (await api.patch(f"{USERS}/{rep02}", json={"display_name": "吴磊磊"},
                            headers=headers)).status_code == 200
    assert (await api.get("/api/v1/me", headers=bearer(token))).status_code == 200


async def test_an_admin_cannot_deactivate_or_demote_themselves(api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    me = (await api.get("/api/v1/me", headers=headers)).json()["id"]
    for change, field in (({"active": False}, "active"), ({"role": "director"}, "role")):
        answer = await api.patch(f"{USERS}/{me}", json=change, headers=headers)
        assert answer.status_code == 422 and answer.json()["field"] == field
    assert (await api.get("/api/v1/me", headers=headers)).status_code == 200


async def test_a_second_admin_may_retire_the_first_but_not_leave_none(
        api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    it = (await api.get(USERS, params={"q": "admin"}, headers=headers)).json()["items"][0]
    second = await api.post(USERS, headers=headers, json={
        "username": "admin2", "display_name": "副管理员", "role": "admin",
        "department_id": it["department_id"], "password": PASSWORD})
    assert second.status_code == 201, second.text
    other = bearer(await first_login(api, "admin2", PASSWORD, OWN))
    assert (await api.patch(f"{USERS}/{it['id']}", json={"active": False},
                            headers=other)).status_code == 200
    assert (await api.get("/api/v1/me", headers=headers)).status_code == 401


async def test_a_temporary_password_from_the_admin_ends_the_old_sessions(
        api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    token = await login(api, "rep03")
    rep03 = await user_id(api, headers, "rep03")
    weak = await api.post(f"{USERS}/{rep03}/password", json={"password": "123"},
                          headers=headers)
    assert weak.status_code == 422 and weak.json()["field"] == "password"
    assert (await api.post(f"{USERS}/{rep03}/password", json={"password": "Temp-2026-xyz"},
                           headers=headers)).status_code == 204
    assert (await api.get("/api/v1/me", headers=bearer(token))).status_code == 401
    assert await login(api, "rep03", "Temp-2026-xyz")


async def test_a_temporary_password_must_be_changed_before_anything_else(
        api: httpx.AsyncClient) -> None:
    # The admin knows the password they handed over: until the rep picks their own, the
    # token from it opens nothing but the password change.
    headers = await admin(api)
    rep07 = await user_id(api, headers, "rep07")
    assert (await api.post(f"{USERS}/{rep07}/password", json={"password": "Temp-2026-xyz"},
                           headers=headers)).status_code == 204
    answer = await api.post("/api/v1/auth/token", json={"username": "rep07",
                                                        "password": "Temp-2026-xyz"})
    assert answer.status_code == 200 and answer.json()["must_change_password"] is True
    temporary = bearer(answer.json()["access_token"])
    for path in ("/api/v1/me", "/api/v1/leads", "/api/v1/notifications"):
        refused = await api.get(path, headers=temporary)
        assert refused.status_code == 403, (path, refused.text)
        assert refused.json()["code"] == "password_change_required"
        assert "修改密码" in refused.json()["detail"]
    entry = await api.post("/api/v1/leads", json={"name": "王伟", "phone": "13800000000"},
                           headers=temporary)  # the lean manual-entry path too
    assert entry.json()["code"] == "password_change_required"
    changed = await api.post("/api/v1/me/password", headers=temporary, json={
        "current_password": "Temp-2026-xyz", "new_password": "Own-Choice-77"})
    assert changed.status_code == 200 and changed.json()["must_change_password"] is False
    fresh = bearer(changed.json()["access_token"])
    assert (await api.get("/api/v1/me", headers=fresh)).status_code == 200
    again = await api.post("/api/v1/auth/token", json={"username": "rep07",
                                                       "password": "Own-Choice-77"})
    assert again.json()["must_change_password"] is False
    assert (await api.get("/api/v1/me", headers=temporary)).status_code == 401


async def test_a_user_changes_their_own_password_and_keeps_working_on_this_device(
        api: httpx.AsyncClient) -> None:
    old = await login(api, "rep04")
    wrong = await api.post("/api/v1/me/password", headers=bearer(old), json={
        "current_password": "nope", "new_password": "Better-2026"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "current_password"
    weak = await api.post("/api/v1/me/password", headers=bearer(old), json={
        "current_password": "demo", "new_password": "abc"})
    assert weak.status_code == 422 and weak.json()["field"] == "new_password"
    changed = await api.post("/api/v1/me/password", headers=bearer(old), json={
        "current_password": "demo", "new_password": "Better-2026"})
    assert changed.status_code == 200, changed.text
    assert (await api.get("/api/v1/me", headers=bearer(old))).status_code == 401
    fresh = bearer(changed.json()["access_token"])
    assert (await api.get("/api/v1/me", headers=fresh)).status_code == 200
    assert await login(api, "rep04", "Better-2026")


async def test_guessing_the_current_password_counts_as_failed_logins(
        api: httpx.AsyncClient) -> None:
    token = bearer(await login(api, "rep05"))
    await early_in_a_minute()
    for attempt in range(10):
        await api.post("/api/v1/me/password", headers=token, json={
            "current_password": f"guess{attempt}", "new_password": "Better-2026"})
    locked = await api.post("/api/v1/me/password", headers=token, json={
        "current_password": "demo", "new_password": "Better-2026"})
    assert locked.status_code == 429 and locked.headers["retry-after"]


async def test_the_list_filters_pages_and_exports_with_zh_headers(
        api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    east = await region_id(api, headers, "mgr-east")
    seen, cursor = [], None
    while True:
        params: dict[str, Any] = {"role": "rep", "region_id": east, "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await api.get(USERS, params=params, headers=headers)).json()
        seen += [u["username"] for u in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == ["rep01", "rep02", "rep03", "rep04", "rep05"]
    named = (await api.get(USERS, params={"q": "周婷"}, headers=headers)).json()["items"]
    assert [u["username"] for u in named] == ["rep01"]
    sheet = await api.get(f"{USERS}/export.xlsx", params={"region_id": east}, headers=headers)
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("用户名", "姓名", "角色", "所属区域")
    assert ("mgr-east", "李明", "经理", "华东") == rows[1][:4]
    assert len(rows) == 1 + 6  # the manager of 华东 and its five reps
    bad = await api.get(USERS, params={"region_id": "east"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["field"] == "region_id"


async def test_another_replica_refuses_a_retired_token_within_seconds(
        api: httpx.AsyncClient, settings: GatewaySettings, gateway_sessions: Any) -> None:
    other_app = create_app(settings.model_copy(update={"token_check_seconds": 0.2}),
                           sessions=gateway_sessions)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=other_app),
                                 base_url="http://other") as other:
        token = await login(api, "rep06")
        assert (await other.get("/api/v1/me", headers=bearer(token))).status_code == 200
        headers = await admin(api)
        rep06 = await user_id(api, headers, "rep06")
        east = await region_id(api, headers, "mgr-east")  # rep06 works in 华南
        assert (await api.patch(f"{USERS}/{rep06}", json={"region_id": east},
                                headers=headers)).status_code == 200
        await asyncio.sleep(0.3)  # the other replica has re-read the cut-offs
        refused = await other.get("/api/v1/me", headers=bearer(token))
        assert refused.status_code == 401 and "请重新登录" in refused.json()["detail"]
    await other_app.state.clients.close()


async def test_a_reactivated_rep_logs_in_and_works_at_once_on_every_replica(
        api: httpx.AsyncClient, settings: GatewaySettings, gateway_sessions: Any) -> None:
    # A replica that read the cut-offs while she was stopped refused every token she got
    # after coming back, until its next read: "log in again", which changed nothing.
    other_app = create_app(settings.model_copy(update={"token_check_seconds": 60.0}),
                           sessions=gateway_sessions)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=other_app),
                                 base_url="http://other") as other:
        headers = await admin(api)
        rep = (await new_rep(api, headers, username="returning")).json()
        before = bearer(await first_login(api, "returning", PASSWORD, OWN))
        await api.patch(f"{USERS}/{rep['id']}", json={"active": False}, headers=headers)
        assert (await other.get("/api/v1/me", headers=before)).status_code == 401
        back = await api.patch(f"{USERS}/{rep['id']}", json={"active": True}, headers=headers)
        assert back.status_code == 200 and back.json()["active"] is True
        after = bearer(await login(api, "returning", OWN))
        for replica in (api, other):
            assert (await replica.get("/api/v1/me", headers=after)).status_code == 200
            # coming back does not revive the sessions she had before she was stopped
            assert (await replica.get("/api/v1/me", headers=before)).status_code == 401
    await other_app.state.clients.close()


async def test_restarting_the_demo_keeps_what_an_admin_changed(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    headers = await admin(api)
    rep07 = await user_id(api, headers, "rep07")
    assert (await api.patch(f"{USERS}/{rep07}", json={"active": False},
                            headers=headers)).status_code == 200
    await seed_demo_company(gateway_sessions, demo=True, intake_key=None)  # make run again
    assert (await api.get(f"{USERS}/{rep07}", headers=headers)).json()["active"] is False


async def test_a_new_users_times_read_in_shanghai_time_like_every_other_answer(
        api: httpx.AsyncClient) -> None:
    headers = await admin(api)
    created = (await new_rep(api, headers)).json()
    listed = (await api.get(USERS, params={"q": created["username"]}, headers=headers)).json()
    for user in (created, listed["items"][0]):
        assert user["created_at"].endswith("+08:00"), user["created_at"]
        assert user["updated_at"].endswith("+08:00"), user["updated_at"]


async def test_a_rep_or_manager_stays_out_of_a_work_order_department(
        api: httpx.AsyncClient) -> None:
    """A functional department's members read its whole queue, every region's customers
    in it: a rep put in 技术部 by mistake would read them all. 销售部 (or none) is theirs;
    an engineer moving to sales leaves the queue's department with the role."""
    headers = await admin(api)
    engineering = await department_id(api, headers, "engineering")
    sales = await department_id(api, headers, "sales")
    refused = await new_rep(api, headers, department_id=engineering)
    assert (refused.status_code, refused.json()["field"]) == (422, "department_id")
    assert "销售只能属于销售部门" in refused.json()["detail"]
    rep = (await new_rep(api, headers, department_id=sales)).json()
    moved = await api.patch(f"{USERS}/{rep['id']}", json={"department_id": engineering},
                            headers=headers)
    assert (moved.status_code, moved.json()["field"]) == (422, "department_id")
    engineer = (await api.post(USERS, headers=headers, json={
        "username": f"eng-{uuid.uuid4().hex[:8]}", "display_name": "周工", "role": "engineer",
        "department_id": engineering, "password": PASSWORD})).json()
    to_sales = await api.patch(f"{USERS}/{engineer['id']}", headers=headers, json={
        "role": "rep", "region_id": await region_id(api, headers, "mgr-east"),
        "manager_id": await user_id(api, headers, "mgr-east")})
    assert (to_sales.status_code, to_sales.json()["field"]) == (422, "department_id")
    for person in (rep, engineer):
        await api.patch(f"{USERS}/{person['id']}", json={"active": False}, headers=headers)
