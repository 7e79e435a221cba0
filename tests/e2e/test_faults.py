"""When NATS or PostgreSQL is down, nothing is lost and nothing is half-written."""

from __future__ import annotations

import asyncio
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import asyncpg
import httpx
import pytest

from tests.e2e.helpers import (
    assigned_lead,
    eventually,
    inbox_item_for,
    login,
    submit,
    web_form,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def test_intake_keeps_working_while_nats_is_down_and_assignment_follows(stack, client) -> None:
    stack.stop_nats()
    try:
        accepted = submit(client, stack.intake_api_key, web_form(province="四川"))
        assert accepted.status_code == 202, accepted.text
    finally:
        stack.start_nats()
    lead_id = accepted.json()["lead_id"]
    lead = assigned_lead(client, login(client, "director"), lead_id, timeout=45)
    inbox_item_for(client, login(client, lead["owner_username"]), lead_id, timeout=45)


def leads_with_phone(database_url: str, phone_digits: str) -> int:
    async def count() -> int:
        conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
        try:
            return await conn.fetchval("SELECT count(*) FROM leads.leads WHERE phone = $1",
                                       f"+86{phone_digits}")
        finally:
            await conn.close()

    return asyncio.run(count())


def test_postgres_down_is_503_with_retry_after_and_writes_nothing(stack, client) -> None:
    form = web_form()
    stack.stop_postgres()
    try:
        refused = submit(client, stack.intake_api_key, form, idempotency_key=uuid.uuid4().hex)
        # The replica still answers usefully: it stays in k8s' Service (readinessProbe on
        # /readyz/self) while /readyz tells people the database is gone.
        assert client.get("/readyz").status_code == 503
        assert client.get("/readyz/self").status_code == 200
    finally:
        stack.start_postgres()
    assert refused.status_code == 503, refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json()["code"] == "service_unavailable"
    assert leads_with_phone(stack.database_url, form["phone"]) == 0


def test_a_frozen_database_is_503_within_seconds_on_every_kind_of_route(stack, client) -> None:
    """PostgreSQL stops answering without closing its connections (a frozen host, the
    first seconds of a failover). Reps keep clicking: each request must come back as 503
    with Retry-After within the gateway's bound, not hang half a minute on a statement
    that never returns, and everything works again once the database does."""
    rep = login(client, "rep01")
    asks = [("GET", "/api/v1/me", {"headers": rep}),  # the gateway's own tables
            ("GET", "/api/v1/leads", {"headers": rep}),  # a service behind it
            ("GET", "/api/v1/notifications/unread-count", {"headers": rep}),
            ("POST", "/api/v1/auth/token", {"json": {"username": "rep02", "password": "demo"}}),
            ("POST", "/api/v1/intake/web-form", {"json": web_form(), "headers": {
                "X-Api-Key": stack.intake_api_key, "Idempotency-Key": uuid.uuid4().hex}})] * 4

    def ask(method: str, path: str, kwargs: dict) -> tuple[str, int, float, str | None]:
        started = time.monotonic()
        with httpx.Client(base_url=stack.gateway_url, timeout=60) as own:
            response = own.request(method, path, **kwargs)
        return path, response.status_code, time.monotonic() - started, \
            response.headers.get("Retry-After")

    stack.pause_postgres()
    try:
        with ThreadPoolExecutor(len(asks)) as pool:
            answers = list(pool.map(lambda a: ask(*a), asks))
        assert client.get("/healthz").status_code == 200
    finally:
        stack.pause_postgres(False)
    slow = [(path, status, round(seconds, 1)) for path, status, seconds, _ in answers
            if status != 503 or seconds > 8.0]
    assert not slow, slow
    assert all(int(retry) > 0 for *_, retry in answers if retry is not None)
    assert all(retry is not None for *_, retry in answers)
    eventually(lambda: client.get("/api/v1/me", headers=rep).status_code == 200, timeout=15)
