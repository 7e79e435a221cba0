"""The whole path inside the leads service: outbox → relay → JetStream → assigner."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from typing import Any

import pytest
from leads.adapters import repository
from leads.domain.commands import CreateLead
from leads.entrypoints.consumers import subscriptions
from leads.service_layer import handlers
from servicekit.consumer import Consumer
from servicekit.messaging import Bus
from servicekit.outbox import Relay
from sqlalchemy import text

from .factories import customer

pytestmark = pytest.mark.integration


async def wait_for_owner(deps: handlers.Deps, lead_id: str, timeout: float = 20.0) -> str:
    async with asyncio.timeout(timeout):
        while True:
            async with deps.sessions() as session:
                lead = await repository.get(session, lead_id=lead_id)
            if lead is not None and lead.owner_username:
                return lead.owner_username
            await asyncio.sleep(0.1)


async def _leave_other_tests_rows_unsent(deps: handlers.Deps) -> None:
    """The shared test schema's outbox holds every event the other leads tests staged;
    nobody relays them. A relay here would pour them all onto the session's NATS, where an
    e2e stack started later in the same run (its durables deliver from the stream's start)
    would wade through thousands of foreign leads events before its own story's."""
    async with deps.sessions() as session, session.begin():
        await session.execute(text(
            "UPDATE outbox SET published_at = now() WHERE published_at IS NULL"))


async def test_a_created_lead_is_assigned_by_the_leads_assigner_via_jetstream(
    infra: Any, deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    east = double.add_region("华东", ["浙江"])
    double.add_user(east, "rep", "rep11")
    [subscription] = subscriptions(deps)
    assert (subscription.durable, subscription.stream, subscription.filter_subject) == (
        "leads-assigner", "LEADS", "leads.created")
    # A durable of its own, so a running stack's assigner does not share this test's work.
    subscription = dataclasses.replace(subscription, durable=f"leads-assigner-{uuid.uuid4()}")
    await _leave_other_tests_rows_unsent(deps)
    stop = asyncio.Event()
    bus = Bus(infra.nats_url, name="leads-tests")
    tasks = [asyncio.create_task(work) for work in (
        bus.connect(stop),
        Relay(deps.sessions, bus, source="leads", dsn=infra.database_url).run(stop),
        Consumer(subscription, sessions=deps.sessions, bus=bus, source="leads").run(stop),
    )]
    try:
        lead_id, _ = await handlers.create_lead(
            CreateLead(source="web_form", **customer(), province="浙江省"), deps)
        assert await wait_for_owner(deps, lead_id) == "rep11"
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await bus.close()
