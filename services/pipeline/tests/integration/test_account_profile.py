"""Accounts learn industry and scale (what "similar customers" means) from the qualified
lead, and keep what they already had."""

from __future__ import annotations

import uuid

import pytest
from pipeline.adapters import accounts_repo, repository
from pipeline.service_layer.deps import SOURCE, Deps
from pipeline.service_layer.opening import open_from_lead
from salesos.events.v1 import leads_pb2 as lead_events
from servicekit.uow import UnitOfWork

pytestmark = pytest.mark.integration


def lead(company: str, industry: str, scale: str) -> lead_events.LeadQualified:
    return lead_events.LeadQualified(
        lead_id=str(uuid.uuid4()), owner_id="rep-1", owner_username="rep01",
        region_id="region-east", company=company, name="李娜", industry=industry,
        qualification={"company_scale": scale} if scale else {})


async def account_of(deps: Deps, event: lead_events.LeadQualified) -> accounts_repo.Account:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await open_from_lead(uow, event, deps)
        await uow.commit()
    async with deps.sessions() as session:
        opp_id = await repository.id_by_lead(session, lead_id=event.lead_id)
        assert opp_id is not None
        opp = await repository.get(session, opportunity_id=opp_id)
        assert opp is not None
        found = await accounts_repo.get(session, account_id=opp.account_id)
    assert found is not None
    return found


async def test_the_qualified_leads_scale_and_industry_fill_the_account_once(deps) -> None:
    company = f"东莞食品{uuid.uuid4().hex[:6]}有限公司"
    first = await account_of(deps, lead(company, "", ""))
    assert (first.industry, first.scale) == ("", "")
    second = await account_of(deps, lead(company, "食品饮料", "200_1000"))
    assert (second.id, second.industry, second.scale) == (first.id, "食品饮料", "200_1000")
    third = await account_of(deps, lead(company, "化工", "gt1000"))
    assert (third.industry, third.scale) == ("食品饮料", "200_1000")   # never overwritten


async def test_demo_start_gives_won_deals_without_quotes_an_accepted_one_once(
    deps, stub, auth,
) -> None:
    import sqlalchemy as sa
    from pipeline.adapters import quotes_repo
    from pipeline.service_layer.demo_data import seed_demo
    from salesos.pipeline.v1 import pipeline_pb2 as pb

    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("r-east",))
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"青岛啤酒包装{uuid.uuid4().hex[:6]}有限公司", title="码垛",
        industry="食品饮料", scale="gt1000"), metadata=rep)
    async with deps.sessions() as session, session.begin():
        await session.execute(sa.text("UPDATE opportunities SET status = 'won', stage = 'won' "
                                      "WHERE id = :id"), {"id": opp.id})
    await seed_demo(deps.sessions)
    assert await seed_demo(deps.sessions) == (0, 0)     # a second start adds nothing
    async with deps.sessions() as session:
        [quote] = await quotes_repo.of_opportunity(session, opportunity_id=opp.id)
    assert quote.state == "accepted" and quote.lines[0].product_code == "PAL-R200"
    assert quote.totals.total_fen == sum(line.line_total_fen for line in quote.lines)
