"""A client matching on a 422's `field` sees one name per header: the one the API
documents (`Idempotency-Key`), whether the gateway's own check refused it (a reused key)
or the request's validation did (a key longer than 200 characters), never FastAPI's
lower-case alias (`idempotency-key`). Nothing behind the gateway is needed: these are
refused before any service or database is asked."""

import httpx
import pytest
from gateway.header_names import header_name
from servicekit.auth import Principal, issue_token
from servicekit.settings import DEMO_JWT_SECRET


def _rep() -> dict[str, str]:
    principal = Principal(user_id="8a2a2f4e-31ee-40c4-ab83-55e2e477da96", username="rep01",
                          role="rep", region_ids=())
    return {"authorization": f"Bearer {issue_token(principal, DEMO_JWT_SECRET)}"}


def _field(response: httpx.Response) -> tuple[str, list[str]]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    return body["field"], [e["field"] for e in body["errors"]]


async def test_a_too_long_idempotency_key_is_named_as_the_client_sent_it(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post(
        "/api/v1/leads", json={"name": "张伟", "phone": "13800138000"},
        headers=_rep() | {"Idempotency-Key": "k" * 201})
    assert _field(response) == ("Idempotency-Key", ["Idempotency-Key"])
    assert response.json()["detail"].startswith("Idempotency-Key: ")


async def test_a_too_long_last_event_id_is_named_as_the_event_source_spec_spells_it(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.get(
        "/api/v1/notifications/stream", headers=_rep() | {"Last-Event-ID": "9" * 101})
    assert _field(response) == ("Last-Event-ID", ["Last-Event-ID"])


@pytest.mark.parametrize(("alias", "canonical"), [
    ("idempotency-key", "Idempotency-Key"), ("x_api_key", "X-Api-Key"),
    ("x-signature", "X-Signature"), ("X-TIMESTAMP", "X-Timestamp"),
    ("if-match", "If-Match"), ("last-event-id", "Last-Event-ID"),
    ("user-agent", "User-Agent")])
def test_every_header_the_routes_declare_has_one_spelling(alias: str, canonical: str) -> None:
    assert header_name(alias) == canonical
