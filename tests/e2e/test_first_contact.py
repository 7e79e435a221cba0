"""First-contact clock and lead lifecycle through the gateway, every process running."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from servicekit.db import create_engine

from tests.e2e.helpers import assigned_lead, eventually, inbox_item_for, login, submit, web_form

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as c:
        yield c


def leads_sql(stack: Any, statement: str, **params: Any) -> list[Any]:
    """Runs SQL in the leads schema: to read deadlines and outbox, and to move a deadline
    into the past instead of waiting hours for it."""
    async def run() -> list[Any]:
        engine = create_engine(stack.database_url, "leads", pool_size=1)
        try:
            async with engine.begin() as connection:
                result = await connection.execute(sa.text(statement), params)
                return list(result.all()) if result.returns_rows else []
        finally:
            await engine.dispose()

    return asyncio.run(run())


def deadlines_of(stack: Any, lead_id: str) -> list[Any]:
    return leads_sql(stack, "SELECT kind, owner_id, fired_at, cancelled_at FROM "
                     "first_contact_deadlines WHERE lead_id = CAST(:id AS uuid)", id=lead_id)


def new_assigned_lead(stack: Any, client: httpx.Client, **form: Any) -> dict[str, Any]:
    lead_id = submit(client, stack.intake_api_key, web_form(**form)).json()["lead_id"]
    lead = assigned_lead(client, login(client, "director"), lead_id)
    eventually(lambda: len(deadlines_of(stack, lead_id)) == 3)  # leads-clock started it
    return lead


def test_owner_logs_first_contact_and_the_clock_stops(stack, client) -> None:
    lead = new_assigned_lead(stack, client, province="江苏")
    owner = login(client, lead["owner_username"])
    path = f"/api/v1/leads/{lead['id']}"
    assert client.get(path, headers=owner).json()["first_contact_due_at"]
    body = {"channel": "call", "outcome": "客户有采购计划", "next_step": "发送报价",
            "next_step_at": "2030-01-02T10:00:00"}
    headers = owner | {"Idempotency-Key": "contact-1"}
    logged = client.post(f"{path}/contacts", json=body, headers=headers)
    assert logged.status_code == 201, logged.text
    assert logged.json()["lead_status"] == "contacted"
    again = client.post(f"{path}/contacts", json=body, headers=headers)
    assert again.json()["id"] == logged.json()["id"]
    assert [c["id"] for c in client.get(f"{path}/contacts", headers=owner).json()["items"]] == \
        [logged.json()["id"]]
    assert all(row.cancelled_at is not None for row in deadlines_of(stack, lead["id"]))
    assert client.get(path, headers=owner).json()["status"] == "contacted"


def test_only_the_owner_logs_contact_and_bad_channel_names_the_field(stack, client) -> None:
    lead = new_assigned_lead(stack, client, province="广东")
    path = f"/api/v1/leads/{lead['id']}/contacts"
    body = {"channel": "call", "outcome": "已联系"}
    assert client.post(path, json=body, headers=login(client, "mgr-south")).status_code == 403
    bad = client.post(path, json=body | {"channel": "fax"},
                      headers=login(client, lead["owner_username"]))
    assert bad.status_code == 422 and bad.json()["field"] == "channel"
    # The contact log's pages take `cursor`, as every list does: a bad one is named so.
    paged = client.get(path, params={"cursor": "garbage"},
                       headers=login(client, lead["owner_username"]))
    assert paged.status_code == 422 and paged.json()["field"] == "cursor"


def test_qualify_before_contact_is_a_conflict_then_emits_leads_qualified(stack, client) -> None:
    lead = new_assigned_lead(stack, client, province="浙江")
    owner = login(client, lead["owner_username"])
    path = f"/api/v1/leads/{lead['id']}"
    early = client.post(f"{path}/qualify", headers=owner)
    assert early.status_code == 409
    assert early.headers["content-type"].startswith("application/problem+json")
    assert early.json()["code"] == "conflict"
    client.post(f"{path}/contacts", json={"channel": "visit", "outcome": "现场拜访"},
                headers=owner)
    qualified = client.post(f"{path}/qualify", headers=owner)
    assert qualified.status_code == 200 and qualified.json()["status"] == "qualified"
    assert client.post(f"{path}/qualify", headers=owner).status_code == 200  # a retry
    published = eventually(lambda: leads_sql(
        stack, "SELECT type FROM outbox WHERE aggregate_id = :id AND type = 'leads.qualified' "
        "AND published_at IS NOT NULL", id=lead["id"]))
    assert len(published) == 1
    late = client.post(f"{path}/disqualify", json={"reason": "重复"}, headers=owner)
    assert late.status_code == 409


def test_overdue_lead_escalates_to_the_managers_inbox_and_moves_to_another_rep(
    stack, client,
) -> None:
    form = web_form(province="江苏")
    lead = new_assigned_lead(stack, client, **form)
    leads_sql(stack, "UPDATE first_contact_deadlines SET due_at = now() - interval '1 second' "
              "WHERE lead_id = CAST(:id AS uuid) AND kind = 'overdue'", id=lead["id"])
    item = inbox_item_for(client, login(client, "mgr-east"), lead["id"])
    assert item["title"] == f"线索首次联系已超时：{form['company']} {form['name']}"
    assert lead["owner_username"] in item["body"]
    director = login(client, "director")
    moved = eventually(lambda: (body := client.get(f"/api/v1/leads/{lead['id']}",
                                                   headers=director).json())
                       ["owner_username"] != lead["owner_username"] and body)
    assert "未在时限内首次联系" in moved["assignment_reason"]


def test_admin_enters_next_years_calendar_and_others_may_not(stack, client) -> None:
    admin = login(client, "admin")
    body = {"holidays": [{"date": "2032-10-01", "name": "国庆节"}],
            "workdays": [{"date": "2032-09-26", "name": "国庆节调休"}]}
    put = client.put("/api/v1/admin/calendar/2032", json=body, headers=admin)
    assert put.status_code == 200, put.text
    got = client.get("/api/v1/admin/calendar/2032", headers=admin).json()
    assert got["source"] == "admin"
    assert got["holidays"] == [{"date": "2032-10-01", "name": "国庆节"}]
    assert client.get("/api/v1/admin/calendar/2026", headers=admin).json()["source"] == "seeded"
    assert client.get("/api/v1/admin/calendar/2032",
                      headers=login(client, "director")).status_code == 403
    wrong_year = client.put("/api/v1/admin/calendar/2032", headers=admin,
                            json={"holidays": [{"date": "2033-01-01", "name": "元旦"}]})
    assert wrong_year.status_code == 422 and wrong_year.json()["field"] == "holidays.0.date"
    not_a_date = client.put("/api/v1/admin/calendar/2032", headers=admin,
                            json={"holidays": [{"date": "2032-02-30"}]})
    assert not_a_date.status_code == 422 and not_a_date.json()["field"] == "holidays.0.date"
