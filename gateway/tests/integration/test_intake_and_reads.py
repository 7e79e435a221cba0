from typing import Any

import httpx
import pytest
from gateway.settings import GatewaySettings
from servicekit.devstack import free_port

from .conftest import gateway_client, login
from .stub_services import Seen

pytestmark = pytest.mark.integration

FORM = {"name": "张三", "company": "苏州精密机械", "phone": "13800138000",
        "email": "", "province": "江苏省", "industry": "机械", "message": "想了解数控机床"}


async def test_web_form_with_a_valid_key_is_accepted_with_a_lead_id(
        gw: httpx.AsyncClient, key: dict[str, str], services: tuple[str, Seen]) -> None:
    response = await gw.post("/api/v1/intake/web-form", json=FORM, headers=key)
    assert response.status_code == 202
    assert response.json()["lead_id"]
    request, caller = services[1].creates[-1]
    assert request.source == "web_form" and request.province == "江苏省"
    assert caller.role == "service"  # intake has no user; the gateway's own token


async def test_the_callers_trace_continues_into_the_leads_service(
        gw: httpx.AsyncClient, key: dict[str, str], services: tuple[str, Seen]) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    headers = {**key, "traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"}
    response = await gw.post("/api/v1/intake/web-form", json=FORM, headers=headers)
    assert response.status_code == 202
    assert services[1].metadata[-1]["traceparent"].split("-")[1] == trace_id
    assert response.headers["x-trace-id"] == trace_id


async def test_same_idempotency_key_returns_the_same_lead(
        gw: httpx.AsyncClient, key: dict[str, str], services: tuple[str, Seen]) -> None:
    headers = {**key, "Idempotency-Key": "form-42"}
    first = await gw.post("/api/v1/intake/web-form", json=FORM, headers=headers)
    second = await gw.post("/api/v1/intake/web-form", json=FORM, headers=headers)
    assert first.json()["lead_id"] == second.json()["lead_id"]
    assert {r.idempotency_key for r, _ in services[1].creates} == {"form-42"}


async def test_posts_without_idempotency_key_are_separate_leads(
        gw: httpx.AsyncClient, key: dict[str, str]) -> None:
    first = await gw.post("/api/v1/intake/web-form", json=FORM, headers=key)
    second = await gw.post("/api/v1/intake/web-form", json=FORM, headers=key)
    assert first.json()["lead_id"] != second.json()["lead_id"]


@pytest.mark.parametrize("headers", [{}, {"X-Api-Key": "not-a-key"}])
async def test_missing_or_wrong_api_key_is_401(
        gw: httpx.AsyncClient, headers: dict[str, str], services: tuple[str, Seen]) -> None:
    response = await gw.post("/api/v1/intake/web-form", json=FORM, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "unauthorized"
    assert services[1].creates == []


@pytest.mark.parametrize(("patch", "field"), [
    ({"name": 123}, "name"), ({"message": "长" * 5001}, "message"), ({"phone": None}, "phone"),
])
async def test_badly_shaped_form_is_422_naming_the_field(
        gw: httpx.AsyncClient, key: dict[str, str], patch: dict[str, Any], field: str) -> None:
    response = await gw.post("/api/v1/intake/web-form", json={**FORM, **patch}, headers=key)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "validation_error"
    assert response.json()["field"] == field


async def test_field_rejected_by_the_leads_service_is_422_naming_it(
        gw: httpx.AsyncClient, key: dict[str, str]) -> None:
    response = await gw.post("/api/v1/intake/web-form", json={**FORM, "phone": "12345"},
                             headers=key)
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "phone" and body["errors"][0]["message"] == "电话号码格式不正确"


async def test_body_over_64k_with_a_valid_key_is_413(
        gw: httpx.AsyncClient, key: dict[str, str]) -> None:
    response = await gw.post("/api/v1/intake/web-form",
                             json={**FORM, "message": "x" * 70_000}, headers=key)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


async def test_leads_service_down_is_503_with_retry_after_not_500(
        settings: GatewaySettings, gateway_sessions: Any, key: dict[str, str]) -> None:
    client, clients = await gateway_client(settings, gateway_sessions,
                                           f"127.0.0.1:{free_port()}")
    async with client:
        response = await client.post("/api/v1/intake/web-form", json=FORM, headers=key)
    await clients.close()
    assert response.status_code == 503
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["code"] == "service_unavailable"


async def test_lead_read_forwards_the_callers_token(
        gw: httpx.AsyncClient, key: dict[str, str], services: tuple[str, Seen]) -> None:
    lead_id = (await gw.post("/api/v1/intake/web-form", json=FORM, headers=key)).json()["lead_id"]
    token = await login(gw, "rep01")
    response = await gw.get(f"/api/v1/leads/{lead_id}",
                            headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200
    lead = response.json()
    assert lead["owner_username"] == "rep01" and lead["status"] == "assigned"
    assert lead["assigned_at"].endswith("+08:00")
    assert services[1].reads[-1].username == "rep01"


async def test_lead_the_service_does_not_find_is_404(gw: httpx.AsyncClient) -> None:
    token = await login(gw, "rep02")
    response = await gw.get("/api/v1/leads/missing", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


async def test_lead_read_needs_a_bearer_token(gw: httpx.AsyncClient) -> None:
    assert (await gw.get("/api/v1/leads/x")).status_code == 401


async def test_inbox_is_the_callers_and_paginates_with_a_cursor(
        gw: httpx.AsyncClient, services: tuple[str, Seen]) -> None:
    token = await login(gw, "rep03")
    response = await gw.get("/api/v1/notifications", params={"limit": 5, "cursor": "c0"},
                            headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200
    page = response.json()
    assert page["next_cursor"] == "next-1"
    assert page["items"][0]["title"].startswith("新线索已分配给您")
    request, caller = services[1].inbox_requests[-1]
    assert (request.page_size, request.page_token, caller.username) == (5, "c0", "rep03")


async def test_inbox_page_size_over_100_is_422(gw: httpx.AsyncClient) -> None:
    token = await login(gw, "rep03")
    response = await gw.get("/api/v1/notifications", params={"limit": 1000},
                            headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 422 and response.json()["field"] == "limit"
