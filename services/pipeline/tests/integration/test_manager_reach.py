"""A director handed a 华东 customer to a 华南 rep, and the rep's lead became a deal: the deal
keeps its region (the customer's), and the 华南 manager — the rep's manager — finds it
where he looks, over gRPC with real tokens and PostgreSQL: reading it, in his deal,
quote and contract lists, in his funnel, deciding its discount, working its stages, and
in his handover of the rep. 华东's manager still sees it (its region); 华北's manager
and the rep's teammate read "not found". With the directory down a manager's list is
UNAVAILABLE, not shorter."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from pipeline.adapters import repository
from pipeline.domain.approval_matrix import Person
from pipeline.entrypoints.contracts_grpc import SERVICE_NAME as CONTRACTS
from pipeline.entrypoints.contracts_grpc import ContractServicer
from pipeline.entrypoints.grpc_server import SERVICE_NAME as PIPELINE
from pipeline.entrypoints.grpc_server import PipelineServicer
from pipeline.entrypoints.quotes_grpc import QUOTE_SERVICE_NAME, QuoteServicer
from pipeline.service_layer import opening
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.demo_data import seed_demo_catalogue
from pipeline.service_layer.deps import SOURCE, Deps
from salesos.events.v1 import leads_pb2 as lead_events
from salesos.pipeline.v1 import contracts_pb2 as cpb
from salesos.pipeline.v1 import contracts_pb2_grpc, pipeline_pb2_grpc, quotes_pb2_grpc
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.orgdir import OrgUnavailable
from servicekit.settings import ServiceSettings
from servicekit.testing.grpc import grpc_serving
from servicekit.uow import UnitOfWork

from .deal_stages import reach
from .field_helpers import advance
from .org_roster import Directory

pytestmark = pytest.mark.integration
TERMS = cpb.Terms(payment_terms="预付 30%", delivery_date="2030-03-01", warranty_months=12,
                  penalties="逾期交货每日 0.05%")


class DirectoryDown(Directory):
    async def people_of_manager(self, manager_id: str,
                                region_ids: Collection[str]) -> set[str]:
        raise OrgUnavailable("ListUsers: UNAVAILABLE")


@dataclass
class Stubs:
    deals: Any
    quotes: Any
    contracts: Any


async def serving(deps: Deps, directory: Directory) -> AsyncIterator[Stubs]:
    """The three services as bootstrap wires them: every one with the org directory."""
    with_org = Deps(sessions=deps.sessions, org=directory)

    def register(server: grpc.aio.Server) -> list[str]:
        deals = PipelineServicer(with_org)
        deals.handover_directory = directory
        pipeline_pb2_grpc.add_PipelineServiceServicer_to_server(deals, server)
        quotes_pb2_grpc.add_QuoteServiceServicer_to_server(QuoteServicer(with_org), server)
        contracts_pb2_grpc.add_ContractServiceServicer_to_server(
            ContractServicer(ContractDeps(base=with_org, org=directory, demo=True)), server)
        return [PIPELINE, QUOTE_SERVICE_NAME, CONTRACTS]

    async with grpc_serving(ServiceSettings(demo=True, service_name="pipeline"), register) \
            as addr, grpc.aio.insecure_channel(addr) as channel:
        yield Stubs(pipeline_pb2_grpc.PipelineServiceStub(channel),
                    quotes_pb2_grpc.QuoteServiceStub(channel),
                    contracts_pb2_grpc.ContractServiceStub(channel))


@pytest.fixture(scope="module")
def directory() -> Directory:
    return Directory()


@pytest.fixture(scope="module")
async def stubs(deps: Deps, directory: Directory) -> AsyncIterator[Stubs]:
    await seed_demo_catalogue(deps.sessions)
    async for found in serving(deps, directory):
        yield found


@dataclass
class Org:
    east: str
    south: str
    north: str
    mgr_east: Person
    mgr_south: Person
    mgr_north: Person
    rep_east: Person
    rep_south: Person
    teammate: Person


def company(directory: Directory) -> Org:
    east, south, north = (f"r-{uuid.uuid4()}" for _ in range(3))

    def person(role: str, region: str, manager: str = "") -> Person:
        user_id = f"{role}-{uuid.uuid4()}"
        return Person(user_id, user_id[:20], role, region, manager, True,
                      (region,) if role == "manager" else ())

    mgr_east, mgr_south, mgr_north = (person("manager", r) for r in (east, south, north))
    org = Org(east, south, north, mgr_east, mgr_south, mgr_north,
              person("rep", east, mgr_east.id), person("rep", south, mgr_south.id),
              person("rep", south, mgr_south.id))
    directory.roster += [mgr_east, mgr_south, mgr_north, org.rep_east, org.rep_south,
                         org.teammate]
    return org


def token(auth: Any, p: Person) -> Any:
    return auth(p.role, user_id=p.id, region_ids=p.managed_region_ids or (p.region_id,))


async def deal_of_lead(deps: Deps, owner: Person, region_id: str) -> str:
    """The lead a director handed to `owner` became a deal: the lead's region, its owner."""
    lead = lead_events.LeadQualified(
        lead_id=str(uuid.uuid4()), owner_id=owner.id, owner_username=owner.username,
        region_id=region_id, company=f"苏州精工{uuid.uuid4().hex[:6]}有限公司", name="王伟",
        phone="+8613812345678", industry="工程机械", province="江苏",
        qualification={"budget_fen": "50000000"})
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await opening.open_from_lead(uow, lead, deps)
        await uow.commit()
    async with deps.sessions() as session:
        found = await repository.id_by_lead(session, lead_id=lead.lead_id)
    assert found is not None
    return str(found)


async def listed(stubs: Stubs, who: Any, region_id: str) -> set[str]:
    page = await stubs.deals.ListOpportunities(pb.ListOpportunitiesRequest(
        region_id=region_id, page_size=100), metadata=who)
    return {o.id for o in page.opportunities}


async def refused(call: Any, code: grpc.StatusCode = grpc.StatusCode.NOT_FOUND) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await call
    assert error.value.code() == code


async def test_the_reps_manager_reads_lists_counts_and_works_his_reps_deal_in_another_region(
    stubs: Stubs, deps: Deps, directory: Directory, auth: Any,
) -> None:
    org = company(directory)
    handed = await deal_of_lead(deps, org.rep_south, org.east)
    stays = await deal_of_lead(deps, org.rep_east, org.east)
    mgr_south = token(auth, org.mgr_south)

    read = await stubs.deals.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=handed),
                                            metadata=mgr_south)
    assert (read.region_id, read.owner_id) == (org.east, org.rep_south.id)
    assert await listed(stubs, mgr_south, org.east) == {handed}
    await refused(stubs.deals.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=stays),
                                             metadata=mgr_south))
    funnel = await stubs.deals.GetFunnel(pb.AnalyticsRequest(region_id=org.east),
                                         metadata=mgr_south)
    assert (funnel.total, funnel.total_amount_fen) == (1, 50_000_000)

    # His rep's work there is in his rep activity, not in 华北's.
    await advance(stubs.deals, token(auth, org.rep_south), read, "first_visit")
    activity = await stubs.deals.GetRepActivity(pb.AnalyticsRequest(region_id=org.east),
                                                metadata=mgr_south)
    assert [(c.owner_id, c.stage_advances) for c in activity.cells] == [(org.rep_south.id, 1)]
    assert not (await stubs.deals.GetRepActivity(pb.AnalyticsRequest(region_id=org.east),
                                                 metadata=token(auth, org.mgr_north))).cells

    # He works it as he works his region's deals: its stages, its discount, its contract.
    await reach(handed, "solution_design")
    quote = await stubs.quotes.CreateQuote(qpb.CreateQuoteRequest(
        opportunity_id=handed, discount_bp=1_000,
        lines=[qpb.QuoteLineRequest(product_code="AGV-500", quantity=1)]),
        metadata=token(auth, org.rep_south))
    assert quote.approval == "pending"
    decided = await stubs.quotes.DecideDiscount(qpb.DecideDiscountRequest(
        quote_id=quote.id, approve=True), metadata=mgr_south)
    assert decided.approval == "approved"
    listed_quotes = await stubs.quotes.ListQuotes(qpb.ListQuotesRequest(
        opportunity_id=handed), metadata=mgr_south)
    assert [q.id for q in listed_quotes.quotes] == [quote.id]
    await stubs.quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=mgr_south)
    await reach(handed, "quote")
    await stubs.quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=quote.id),
                                   metadata=mgr_south)
    contract = await stubs.contracts.CreateContract(cpb.CreateContractRequest(
        opportunity_id=handed, quote_id=quote.id, terms=TERMS), metadata=mgr_south)
    contracts = await stubs.contracts.ListContracts(cpb.ListContractsRequest(
        opportunity_id=handed), metadata=mgr_south)
    assert [c.id for c in contracts.contracts] == [contract.id]

    # The region's manager keeps both; another region's manager and a teammate neither.
    assert await listed(stubs, token(auth, org.mgr_east), org.east) == {handed, stays}
    assert (await stubs.deals.GetFunnel(pb.AnalyticsRequest(region_id=org.east),
                                        metadata=token(auth, org.mgr_east))).total == 2
    for stranger in (org.mgr_north, org.teammate):
        who = token(auth, stranger)
        assert await listed(stubs, who, org.east) == set()
        await refused(stubs.deals.GetOpportunity(pb.GetOpportunityRequest(
            opportunity_id=handed), metadata=who))
        await refused(stubs.contracts.GetContract(cpb.GetContractRequest(
            contract_id=contract.id), metadata=who))
        assert not (await stubs.contracts.ListContracts(cpb.ListContractsRequest(
            opportunity_id=handed), metadata=who)).contracts
        assert (await stubs.deals.GetFunnel(pb.AnalyticsRequest(region_id=org.east),
                                            metadata=who)).total == 0
    await refused(stubs.quotes.DecideDiscount(qpb.DecideDiscountRequest(
        quote_id=quote.id, approve=False, comment="不同意"), metadata=token(auth, org.mgr_north)))


async def test_a_managers_handover_of_his_rep_moves_the_reps_deals_in_every_region(
    stubs: Stubs, deps: Deps, directory: Directory, auth: Any,
) -> None:
    org = company(directory)
    elsewhere = await deal_of_lead(deps, org.rep_south, org.east)
    at_home = await deal_of_lead(deps, org.rep_south, org.south)
    moved = await stubs.deals.HandOverOpportunities(pb.HandOverOpportunitiesRequest(
        handover_id=str(uuid.uuid4()), from_user_id=org.rep_south.id,
        from_username=org.rep_south.username, to_user_id=org.teammate.id,
        reason="离职"), metadata=token(auth, org.mgr_south))
    assert moved.moved == 2
    for deal in (elsewhere, at_home):
        found = await stubs.deals.GetOpportunity(pb.GetOpportunityRequest(
            opportunity_id=deal), metadata=token(auth, org.teammate))
        assert found.owner_id == org.teammate.id

    # Another manager's handover of someone not his moves only his regions' deals.
    stranger_deal = await deal_of_lead(deps, org.rep_east, org.south)
    kept = await deal_of_lead(deps, org.rep_east, org.east)
    partial = await stubs.deals.HandOverOpportunities(pb.HandOverOpportunitiesRequest(
        handover_id=str(uuid.uuid4()), from_user_id=org.rep_east.id,
        from_username=org.rep_east.username, to_user_id=org.teammate.id,
        reason="离职"), metadata=token(auth, org.mgr_south))
    assert partial.moved == 1
    assert (await stubs.deals.GetOpportunity(pb.GetOpportunityRequest(
        opportunity_id=kept), metadata=token(auth, org.rep_east))).id == kept
    assert (await stubs.deals.GetOpportunity(pb.GetOpportunityRequest(
        opportunity_id=stranger_deal), metadata=token(auth, org.teammate))).id == stranger_deal


async def test_with_the_directory_down_a_managers_list_is_unavailable_not_shorter(
    deps: Deps, directory: Directory, auth: Any,
) -> None:
    org = company(directory)
    handed = await deal_of_lead(deps, org.rep_south, org.east)
    at_home = await deal_of_lead(deps, org.rep_east, org.south)
    async for down in serving(deps, DirectoryDown(directory.roster)):
        mgr_south = token(auth, org.mgr_south)
        for call in (down.deals.ListOpportunities(pb.ListOpportunitiesRequest(),
                                                  metadata=mgr_south),
                     down.deals.GetFunnel(pb.AnalyticsRequest(), metadata=mgr_south),
                     down.contracts.ListContracts(cpb.ListContractsRequest(),
                                                  metadata=mgr_south),
                     down.deals.GetOpportunity(pb.GetOpportunityRequest(
                         opportunity_id=handed), metadata=mgr_south)):
            await refused(call, grpc.StatusCode.UNAVAILABLE)
        # What needs no directory still answers: his region's deal, a rep's own list.
        assert (await down.deals.GetOpportunity(pb.GetOpportunityRequest(
            opportunity_id=at_home), metadata=mgr_south)).id == at_home
        assert handed in await listed(down, token(auth, org.rep_south), org.east)
