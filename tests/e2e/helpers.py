"""Small helpers for tests that drive the running stack through the gateway."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

T = TypeVar("T")
EAST_REPS = {f"rep{i:02d}" for i in range(1, 21)}
ADMIN_USERS = "/api/v1/admin/users"
TEMPORARY_PASSWORD = "Welcome-2026"  # what an admin hands a hire: good for `first_login` only


def eventually(probe: Callable[[], T | None], *, timeout: float = 20.0, every: float = 0.1) -> T:
    """The first truthy result of `probe`, or an AssertionError once `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last: {result!r})")
        time.sleep(every)


def login(client: httpx.Client, username: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": "demo"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def first_login(client: httpx.Client, username: str, temporary: str,
                own: str = "Own-Choice-2026") -> dict[str, str]:
    """Someone an admin created logs in the first time: the admin's password is temporary
    and opens only the password change, so they choose `own`; headers with the token after."""
    answer = client.post("/api/v1/auth/token", json={"username": username,
                                                     "password": temporary})
    assert answer.status_code == 200, answer.text
    assert answer.json()["must_change_password"] is True
    changed = client.post("/api/v1/me/password", json={
        "current_password": temporary, "new_password": own},
        headers={"Authorization": f"Bearer {answer.json()['access_token']}"})
    assert changed.status_code == 200, changed.text
    return {"Authorization": f"Bearer {changed.json()['access_token']}"}


def user_id(client: httpx.Client, admin: dict[str, str], username: str) -> str:
    """The id of the user called `username`, as an admin finds them in the people list."""
    found = client.get(ADMIN_USERS, params={"q": username}, headers=admin).json()["items"]
    return str(next(u["id"] for u in found if u["username"] == username))


def hire(client: httpx.Client, admin: dict[str, str], **body: Any) -> dict[str, Any]:
    """Someone the admin creates (`body`: role, display_name, region_id …) under a fresh
    username with TEMPORARY_PASSWORD. The shared stack must not keep them active: the story
    stops its hires when it ends."""
    made = client.post(ADMIN_USERS, headers=admin, json={
        "username": f"e2e-{uuid.uuid4().hex[:8]}", "password": TEMPORARY_PASSWORD, **body})
    assert made.status_code == 201, made.text
    return dict(made.json())


def web_form(**overrides: Any) -> dict[str, Any]:
    unique = uuid.uuid4().int
    # Every call is another customer: one customer is one lead (a second arrival is a touch).
    form = {
        "name": f"王伟{unique % 1_000_000}",
        "company": f"苏州精工机械{unique % 10**8}有限公司",
        "phone": f"138{unique % 100_000_000:08d}",
        "email": f"wang{unique % 10**9}@example.cn",
        "province": "江苏",
        "industry": "工程机械",
        "message": "想了解设备报价",
    }
    form.update(overrides)
    return form


def submit(client: httpx.Client, key: str, form: dict[str, Any], *,
           idempotency_key: str | None = None) -> httpx.Response:
    headers = {"X-Api-Key": key, "Idempotency-Key": idempotency_key or uuid.uuid4().hex}
    return client.post("/api/v1/intake/web-form", json=form, headers=headers)


def assigned_lead(client: httpx.Client, headers: dict[str, str], lead_id: str,
                  timeout: float = 20.0) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        response = client.get(f"/api/v1/leads/{lead_id}", headers=headers)
        body = response.json() if response.status_code == 200 else {}
        return body if body.get("status") == "assigned" else None

    return eventually(probe, timeout=timeout)


def lead_handed_across(client: httpx.Client, key: str, director: dict[str, str], *,
                       tag: str, to: str = "rep06") -> tuple[dict[str, Any], httpx.Response]:
    """A 江苏 customer's lead, assigned in its region, then handed by the director to `to`,
    a rep of another region (rep06: 华南): the lead as assigned and the reassign answer."""
    form = web_form(province="江苏", company=f"{tag}精工机械有限公司")
    lead = assigned_lead(client, director, submit(client, key, form).json()["lead_id"])
    rep = client.get("/api/v1/me", headers=login(client, to)).json()
    handed = client.post(f"/api/v1/leads/{lead['id']}/reassign", headers=director,
                         json={"owner_id": rep["id"], "reason": "客户在广州设厂"})
    assert handed.status_code == 200, handed.text
    return lead, handed


def inbox_item_for(client: httpx.Client, headers: dict[str, str], lead_id: str,
                   timeout: float = 20.0) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        items = client.get("/api/v1/notifications", headers=headers).json().get("items", [])
        return next((i for i in items if i["link"].endswith(lead_id)), None)

    return eventually(probe, timeout=timeout)
