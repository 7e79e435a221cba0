"""A leaver's open deals go to their successor (HandOverOpportunities) with real tokens and
PostgreSQL: open deals and their unsigned contracts move (quotes follow the deal), a
pending approval goes on with its approvers, won/lost deals stay, batches each tell once,
and a re-run moves nothing more."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from pipeline.adapters.contracts_orm import calendar_days
from pipeline.adapters.org_directory import OrgClient
from pipeline.domain.approval_matrix import Person
from pipeline.entrypoints.contracts_grpc import SERVICE_NAME, ContractServicer
from pipeline.entrypoints.grpc_server import SERVICE_NAME as PIPELINE_SERVICE
from pipeline.entrypoints.grpc_server import PipelineServicer
from pipeline.entrypoints.quotes_grpc import QUOTE_SERVICE_NAME, QuoteServicer
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.demo_data import seed_demo_catalogue
from pipeline.service_layer.deps import Deps
from pipeline.service_layer.leaver_handover import HandOver, hand_over_opportunities
from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.pipeline.v1 import contracts_pb2 as cpb
from salesos.pipeline.v1 import contracts_pb2_grpc, pipeline_pb2_grpc, quotes_pb2_grpc
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.auth import Principal
from servicekit.errors import field_violations
from servicekit.procs import free_port
from servicekit.settings import DEMO_JWT_SECRET, ServiceSettings
from servicekit.testing.grpc import grpc_serving
from servicekit.workcal.loader import CalendarLoader, seed_calendar

from .deal_stages import reach
from .org_roster import Directory

pytestmark = pytest.mark.integration
ADMIN = Principal(user_id="admin-1", username="admin", role="admin")
TERMS = cpb.Terms(payment_terms="预付 30%", delivery_date="2030-03-01", warranty_months=12,
                  penalties="逾期交货每日 0.05%")


@pytest.fixture(scope="module")
async def stubs(deps: Deps) -> AsyncIterator[tuple[Any, Any, Directory]]:
    await seed_demo_catalogue(deps.sessions)
    await seed_calendar(deps.sessions, calendar_days)
    directory = Directory()
    cdeps = ContractDeps(base=deps, org=directory, demo=True,
                         calendars=CalendarLoader(calendar_days))

    def register(server: grpc.aio.Server) -> list[str]:
        quotes_pb2_grpc.add_QuoteServiceServicer_to_server(QuoteServicer(deps), server)
        contracts_pb2_grpc.add_ContractServiceServicer_to_server(ContractServicer(cdeps), server)
        return [QUOTE_SERVICE_NAME, SERVICE_NAME]

    async with grpc_serving(ServiceSettings(demo=True, service_name="pipeline"), register) \
            as addr, grpc.aio.insecure_channel(addr) as channel:
        yield (quotes_pb2_grpc.QuoteServiceStub(channel),
               contracts_pb2_grpc.ContractServiceStub(channel), directory)


async def deal_with_contract(stub: Any, stubs: Any, rep: Any) -> tuple[Any, Any]:
    quotes, contracts, _ = stubs
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"佛山包装{uuid.uuid4().hex[:6]}有限公司", title="码垛线"), metadata=rep)
    await reach(opp.id, "quote")
    quote = await quotes.CreateQuote(qpb.CreateQuoteRequest(opportunity_id=opp.id, lines=[
        qpb.QuoteLineRequest(product_code="AGV-500", quantity=1)]), metadata=rep)
    await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=rep)
    await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=rep)
    contract = await contracts.CreateContract(cpb.CreateContractRequest(
        opportunity_id=opp.id, quote_id=quote.id, terms=TERMS), metadata=rep)
    return opp, contract


@pytest.fixture(scope="module")
async def handing(deps: Deps) -> AsyncIterator[tuple[Any, Directory]]:
    """PipelineService as bootstrap wires it for a handover: with the org directory the
    successor is checked against (a double here, its roster set by each test)."""
    directory = Directory()

    def register(server: grpc.aio.Server) -> list[str]:
        servicer = PipelineServicer(deps)
        servicer.handover_directory = directory
        pipeline_pb2_grpc.add_PipelineServiceServicer_to_server(servicer, server)
        return [PIPELINE_SERVICE]

    async with grpc_serving(ServiceSettings(demo=True, service_name="pipeline"), register) \
            as addr, grpc.aio.insecure_channel(addr) as channel:
        yield pipeline_pb2_grpc.PipelineServiceStub(channel), directory


def order(leaver: str, successor: str, handover_id: str) -> HandOver:
    return HandOver(handover_id=handover_id, from_user_id=leaver, from_username="rep-left",
                    to_user_id=successor, to_username="rep-next", by_user_id=ADMIN.user_id,
                    reason="离职")


async def summaries(deps: Deps, handover_id: str) -> list[ev_pb2.OpportunitiesHandedOver]:
    async with deps.sessions() as session:
        rows = (await session.execute(sa.text(
            "SELECT payload FROM outbox WHERE aggregate_id = :id AND type = :type"),
            {"id": handover_id, "type": "pipeline.opportunities_handed_over"})).scalars()
        found = []
        for row in rows:
            event = ev_pb2.OpportunitiesHandedOver()
            Envelope.FromString(row).payload.Unpack(event)
            found.append(event)
        return found


async def test_open_deals_and_their_contracts_go_to_the_successor_and_closed_ones_stay(
    stub: Any, stubs: Any, auth: Any, deps: Deps,
) -> None:
    region, manager, leaver, successor = (f"r-{uuid.uuid4()}", f"mgr-{uuid.uuid4()}",
                                          f"rep-{uuid.uuid4()}", f"rep-{uuid.uuid4()}")
    stubs[2].roster += [Person(manager, manager, "manager", region, "", True, (region,)),
                        Person(leaver, "rep-left", "rep", region, manager, True)]
    rep = auth("rep", user_id=leaver, region_ids=(region,))
    drafted_deal, draft = await deal_with_contract(stub, stubs, rep)
    pending_deal, pending = await deal_with_contract(stub, stubs, rep)
    pending = await stubs[1].SubmitContract(cpb.SubmitContractRequest(contract_id=pending.id),
                                            metadata=rep)
    plain = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"无锡精密{uuid.uuid4().hex[:6]}", title="检测线"), metadata=rep)
    lost = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"常州电机{uuid.uuid4().hex[:6]}", title="装配线"), metadata=rep)
    await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=lost.id, to="lost",
                                                 reason="预算取消"), metadata=rep)

    stubs[2].roster.append(Person(successor, "rep-next", "rep", region, manager, True))
    moved = await hand_over_opportunities(order(leaver, successor, "h-p1"), principal=ADMIN,
                                          deps=deps, directory=stubs[2], batch=2)

    assert (moved.deals, moved.contracts) == (3, 2)
    heir = auth("rep", user_id=successor, region_ids=(region,))
    listed = await stub.ListOpportunities(pb.ListOpportunitiesRequest(), metadata=heir)
    assert {o.id for o in listed.opportunities} == {drafted_deal.id, pending_deal.id, plain.id}
    assert {o.owner_id for o in listed.opportunities} == {successor}
    kept = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=lost.id),
                                     metadata=rep)
    assert kept.owner_id == leaver
    for contract in (draft, pending):
        now = await stubs[1].GetContract(cpb.GetContractRequest(contract_id=contract.id),
                                         metadata=heir)
        assert now.owner_id == successor
    # The pending approval goes on: same status, same approver (the region's manager).
    now = await stubs[1].GetContract(cpb.GetContractRequest(contract_id=pending.id),
                                     metadata=heir)
    assert now.status == "pending_approval"
    assert [s.approver_id for s in now.approval] == [s.approver_id for s in pending.approval]
    assert sorted(s.count for s in await summaries(deps, "h-p1")) == [1, 2]

    again = await hand_over_opportunities(order(leaver, successor, "h-p1"), principal=ADMIN,
                                          deps=deps, directory=stubs[2])
    assert (again.deals, again.contracts) == (0, 0)
    assert len(await summaries(deps, "h-p1")) == 2


async def test_a_rep_cannot_hand_over_and_a_manager_moves_only_their_regions_deals(
    handing: tuple[Any, Directory], auth: Any,
) -> None:
    stub, directory = handing
    leaver, heir = f"rep-{uuid.uuid4()}", f"rep-{uuid.uuid4()}"
    directory.roster.append(Person(heir, "rep-heir", "rep", "r-west", "", True))
    rep = auth("rep", user_id=leaver, region_ids=("r-west",))
    deal = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"成都机电{uuid.uuid4().hex[:6]}", title="喷涂线"), metadata=rep)
    request = pb.HandOverOpportunitiesRequest(handover_id="h-p2", from_user_id=leaver,
                                              to_user_id=heir)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.HandOverOpportunities(request, metadata=rep)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    elsewhere = auth("manager", region_ids=("r-east",))
    assert (await stub.HandOverOpportunities(request, metadata=elsewhere)).moved == 0
    assert (await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=deal.id),
                                      metadata=rep)).owner_id == leaver
    theirs = auth("manager", region_ids=("r-west",))
    assert (await stub.HandOverOpportunities(request, metadata=theirs)).moved == 1


async def test_a_deal_handed_to_the_manager_who_approves_it_goes_to_their_manager_instead(
    stub: Any, stubs: Any, auth: Any, deps: Deps,
) -> None:
    region, boss, manager, leaver = (f"r-{uuid.uuid4()}", f"boss-{uuid.uuid4()}",
                                     f"mgr-{uuid.uuid4()}", f"rep-{uuid.uuid4()}")
    stubs[2].roster += [Person(boss, "boss", "director", "", "", True),
                        Person(manager, "mgr", "manager", region, boss, True, (region,)),
                        Person(leaver, "rep-left", "rep", region, manager, True)]
    rep = auth("rep", user_id=leaver, region_ids=(region,))
    _, contract = await deal_with_contract(stub, stubs, rep)
    submitted = await stubs[1].SubmitContract(cpb.SubmitContractRequest(
        contract_id=contract.id), metadata=rep)
    assert [s.approver_id for s in submitted.approval] == [manager]

    await hand_over_opportunities(order(leaver, manager, "h-p3"), principal=ADMIN, deps=deps,
                                  directory=stubs[2])

    now = await stubs[1].GetContract(cpb.GetContractRequest(contract_id=contract.id),
                                     metadata=auth("director", user_id=boss))
    assert (now.owner_id, now.status) == (manager, "pending_approval")
    [step] = now.approval
    assert (step.approver_id, step.delegated_from, step.status) == (boss, manager, "pending")
    async with deps.sessions() as session:
        asked = (await session.execute(sa.text(
            "SELECT count(*) FROM outbox WHERE aggregate_id = :id "
            "AND type = 'pipeline.approval_requested'"), {"id": contract.id})).scalar()
    assert asked == 2  # the manager at submission, their manager after the handover


async def test_a_service_token_cannot_hand_deals_to_a_stopped_finance_unknown_or_leaving_user(
    handing: tuple[Any, Directory], auth: Any,
) -> None:
    """The gateway checks the successor, but the RPC does not take its word for it: a
    partner's service token (or a bug upstream) naming the wrong person moves nothing."""
    stub, directory = handing
    region, leaver = f"r-{uuid.uuid4()}", f"rep-{uuid.uuid4()}"
    stopped, finance = f"rep-{uuid.uuid4()}", f"fin-{uuid.uuid4()}"
    directory.roster += [Person(leaver, "rep-left", "rep", region, "", True),
                         Person(stopped, "rep-stopped", "rep", region, "", False),
                         Person(finance, "fin", "finance", region, "", True)]
    deal = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"南通纺机{uuid.uuid4().hex[:6]}", title="输送线"),
        metadata=auth("rep", user_id=leaver, region_ids=(region,)))
    partner = auth("service", user_id="service:partner")
    for successor in (stopped, finance, f"ghost-{uuid.uuid4()}", leaver, ""):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.HandOverOpportunities(pb.HandOverOpportunitiesRequest(
                handover_id="h-p4", from_user_id=leaver, to_user_id=successor,
                to_username="rep-next"), metadata=partner)
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT, successor
        assert field_violations(refused.value)[0][0] == "to_user_id"
    kept = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=deal.id),
                                     metadata=auth("director"))
    assert kept.owner_id == leaver


async def test_the_successor_is_named_as_the_directory_knows_them_not_as_the_caller_says(
    handing: tuple[Any, Directory], auth: Any, deps: Deps,
) -> None:
    stub, directory = handing
    region, leaver, heir = f"r-{uuid.uuid4()}", f"rep-{uuid.uuid4()}", f"rep-{uuid.uuid4()}"
    directory.roster += [Person(heir, "wangfang", "manager", region, "", True, (region,))]
    await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"泰州阀门{uuid.uuid4().hex[:6]}", title="试压台"),
        metadata=auth("rep", user_id=leaver, region_ids=(region,)))
    moved = await stub.HandOverOpportunities(pb.HandOverOpportunitiesRequest(
        handover_id="h-p5", from_user_id=leaver, to_user_id=heir, to_username="admin"),
        metadata=auth("service", user_id="service:gateway"))
    assert moved.moved == 1
    [summary] = await summaries(deps, "h-p5")
    assert summary.to_username == "wangfang"


async def test_with_the_directory_down_a_handover_moves_nothing_and_says_retry(
    deps: Deps, auth: Any,
) -> None:
    # A real OrgDirectory client whose directory does not answer (nothing listens there).
    down = OrgClient(f"127.0.0.1:{free_port()}", jwt_secret=DEMO_JWT_SECRET,
                     timeout_seconds=0.5)

    def register(server: grpc.aio.Server) -> list[str]:
        servicer = PipelineServicer(deps)
        servicer.handover_directory = down
        pipeline_pb2_grpc.add_PipelineServiceServicer_to_server(servicer, server)
        return [PIPELINE_SERVICE]

    leaver, region = f"rep-{uuid.uuid4()}", f"r-{uuid.uuid4()}"
    async with grpc_serving(ServiceSettings(demo=True, service_name="pipeline"), register) \
            as addr, grpc.aio.insecure_channel(addr) as channel:
        stub = pipeline_pb2_grpc.PipelineServiceStub(channel)
        deal = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
            account_name=f"盐城汽配{uuid.uuid4().hex[:6]}", title="焊装线"),
            metadata=auth("rep", user_id=leaver, region_ids=(region,)))
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.HandOverOpportunities(pb.HandOverOpportunitiesRequest(
                handover_id="h-p6", from_user_id=leaver, to_user_id=f"rep-{uuid.uuid4()}"),
                metadata=auth("admin"))
        assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
        kept = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=deal.id),
                                         metadata=auth("director"))
    await down.close()
    assert kept.owner_id == leaver
    assert await summaries(deps, "h-p6") == []
