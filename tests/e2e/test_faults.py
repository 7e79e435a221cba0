"""When NATS or PostgreSQL is down, nothing is lost and nothing is half-written."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import httpx
import pytest

from tests.e2e.helpers import assigned_lead, inbox_item_for, login, submit, web_form

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
    finally:
        stack.start_postgres()
    assert refused.status_code == 503, refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json()["code"] == "service_unavailable"
    assert leads_with_phone(stack.database_url, form["phone"]) == 0
