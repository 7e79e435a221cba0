"""A leads.qualified envelope, as the leads service publishes it, opens one deal."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from pipeline.adapters import repository
from pipeline.entrypoints.consumers import subscriptions
from pipeline.service_layer.deps import Deps
from salesos.events.v1 import leads_pb2 as lead_events
from servicekit.consumer import Consumer
from servicekit.envelope import new_envelope
from servicekit.messaging import Bus

pytestmark = pytest.mark.integration


def qualified(company: str, **fields: Any) -> lead_events.LeadQualified:
    return lead_events.LeadQualified(
        lead_id=str(uuid.uuid4()), owner_id=f"rep-{uuid.uuid4()}", owner_username="rep07",
        region_id="region-east", company=company, name="王伟", phone="+8613812345678",
        industry="工程机械", province="江苏", qualification={"budget_fen": "50000000"},
        **fields)


def consumer(deps: Deps, infra: Any) -> Consumer:
    [subscription] = subscriptions(deps)
    assert (subscription.durable, subscription.stream, subscription.filter_subject) == (
        "pipeline", "LEADS", "leads.qualified")
    return Consumer(subscription, sessions=deps.sessions, bus=Bus(infra.nats_url, name="t"),
                    source="pipeline")


async def test_qualified_lead_opens_a_deal_for_its_owner_once_even_when_redelivered(
    deps: Deps, infra: Any,
) -> None:
    event = qualified(f"苏州精工机械{uuid.uuid4().hex[:6]}有限公司")
    envelope = new_envelope(event, type="leads.qualified", source="leads",
                            aggregate_id=event.lead_id)
    handling = consumer(deps, infra)
    assert await handling._handle_once(envelope, event) == "applied"
    assert await handling._handle_once(envelope, event) == "duplicate"
    async with deps.sessions() as session:
        opp_id = await repository.id_by_lead(session, lead_id=event.lead_id)
        assert opp_id is not None
        opp = await repository.get(session, opportunity_id=opp_id)
        opened = (await session.execute(sa.text(
            "SELECT count(*) FROM outbox WHERE aggregate_id = :id "
            "AND type = 'pipeline.opportunity_opened'"), {"id": opp_id})).scalar_one()
    assert opp is not None
    assert (opp.owner_id, opp.region_id, opp.stage, opp.amount_fen) == (
        event.owner_id, "region-east", "lead", 50000000)
    assert opened == 1


async def test_a_second_lead_of_the_same_company_links_to_its_account(
    deps: Deps, infra: Any,
) -> None:
    stem = f"无锡重工{uuid.uuid4().hex[:6]}"
    first, second = qualified(f"{stem}有限公司"), qualified(f"江苏省{stem}股份有限公司")
    handling = consumer(deps, infra)
    for event in (first, second):
        envelope = new_envelope(event, type="leads.qualified", source="leads",
                                aggregate_id=event.lead_id)
        assert await handling._handle_once(envelope, event) == "applied"
    async with deps.sessions() as session:
        deals = [await repository.get(session, opportunity_id=str(
            await repository.id_by_lead(session, lead_id=e.lead_id))) for e in (first, second)]
    assert deals[0] is not None and deals[1] is not None
    assert deals[0].account_id == deals[1].account_id
    assert deals[0].id != deals[1].id
