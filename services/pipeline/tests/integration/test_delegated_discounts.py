"""An approver away delegates their steps; a step that answers for a discount goes only to a
delegate with the power to approve that discount (the discount limits that picked the
approver: rep 5 %, manager 15 %, director 30 %). Real tokens, PostgreSQL and gRPC."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from pipeline.adapters.contracts_orm import calendar_days, delegation_ends, delegations
from pipeline.domain.approval_matrix import Person
from pipeline.entrypoints.contracts_grpc import SERVICE_NAME, ContractServicer
from pipeline.entrypoints.grpc_server import SERVICE_NAME as PIPELINE_SERVICE
from pipeline.entrypoints.grpc_server import PipelineServicer
from pipeline.entrypoints.quotes_grpc import QUOTE_SERVICE_NAME, QuoteServicer
from pipeline.service_layer import delegation_end
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.demo_data import seed_demo_catalogue
from pipeline.service_layer.deps import Deps
from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.pipeline.v1 import contracts_pb2 as cpb
from salesos.pipeline.v1 import contracts_pb2_grpc, quotes_pb2_grpc
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import pipeline_pb2_grpc as pb_grpc
from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.errors import field_violations
from servicekit.scheduler import fire_due
from servicekit.settings import ServiceSettings
from servicekit.testing.grpc import grpc_serving
from servicekit.workcal.loader import CalendarLoader, seed_calendar
from sqlalchemy import update

from .deal_stages import reach
from .field_helpers import events_of
from .org_roster import Directory

pytestmark = pytest.mark.integration
TERMS = cpb.Terms(payment_terms="预付 30%，发货前付清", delivery_date="2030-03-01",
                  warranty_months=12, penalties="逾期交货每日 0.05%")
# 480,000 CNY: two AGVs and six installation visits (the region's manager by amount).
MID_DEAL = (("AGV-500", 2), ("SVC-INS", 6))


@pytest.fixture(scope="module")
async def setup(deps: Deps) -> AsyncIterator[tuple[Any, Any, Directory]]:
    await seed_demo_catalogue(deps.sessions)
    await seed_calendar(deps.sessions, calendar_days)
    directory = Directory()
    cdeps = ContractDeps(base=deps, org=directory, demo=True,
                         calendars=CalendarLoader(calendar_days))

    def register(server: grpc.aio.Server) -> list[str]:
        quotes_pb2_grpc.add_QuoteServiceServicer_to_server(
            QuoteServicer(replace(deps, org=directory)), server)
        contracts_pb2_grpc.add_ContractServiceServicer_to_server(ContractServicer(cdeps), server)
        return [QUOTE_SERVICE_NAME, SERVICE_NAME]

    async with grpc_serving(ServiceSettings(demo=True, service_name="pipeline"), register) \
            as addr, grpc.aio.insecure_channel(addr) as channel:
        yield (quotes_pb2_grpc.QuoteServiceStub(channel),
               contracts_pb2_grpc.ContractServiceStub(channel), directory)


def company(auth: Any, directory: Directory) -> dict[str, Any]:
    """A region (its manager reporting to a director of their own), a rep, a manager of
    another region, another director and an admin: each test's own people."""
    ids = {k: f"{k}-{uuid.uuid4()}" for k in ("rep", "manager", "director", "peer_manager",
                                              "peer_director", "admin")}
    region = f"r-{uuid.uuid4()}"
    directory.roster += [
        Person(ids["director"], ids["director"], "director", "", "", True),
        Person(ids["manager"], ids["manager"], "manager", region, ids["director"], True,
               (region,)),
        Person(ids["rep"], ids["rep"], "rep", region, ids["manager"], True),
        Person(ids["peer_manager"], ids["peer_manager"], "manager", f"r-{uuid.uuid4()}",
               ids["director"], True),
        Person(ids["peer_director"], ids["peer_director"], "director", "", "", True),
        Person(ids["admin"], ids["admin"], "admin", "", "", True)]
    roles = {"rep": "rep", "manager": "manager", "director": "director"}
    return {"ids": ids, **{k: auth(role, user_id=ids[k], region_ids=(region,))
                           for k, role in roles.items()}}


async def submitted(stub: Any, setup: Any, p: dict[str, Any], price_fen: int) -> Any:
    quotes, contracts, _ = setup
    rep = p["rep"]
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"嘉兴纺机{uuid.uuid4().hex[:6]}有限公司", title="物流线"), metadata=rep)
    await reach(opp.id, "quote")
    quote = await quotes.CreateQuote(qpb.CreateQuoteRequest(opportunity_id=opp.id, lines=[
        qpb.QuoteLineRequest(product_code=code, quantity=n) for code, n in MID_DEAL]),
        metadata=rep)
    await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=rep)
    await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=rep)
    terms = cpb.Terms()
    terms.CopyFrom(TERMS)
    terms.price_fen = price_fen
    c = await contracts.CreateContract(cpb.CreateContractRequest(
        opportunity_id=opp.id, quote_id=quote.id, terms=terms), metadata=rep)
    return await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                          metadata=rep)


def delegation(to_user_id: str) -> cpb.SetDelegationRequest:
    request = cpb.SetDelegationRequest(to_user_id=to_user_id)
    request.until.FromDatetime(datetime.now(UTC) + timedelta(days=3))
    return request


async def refused(call: Any) -> str:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await call
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT, error.value.details()
    [(field, why)] = field_violations(error.value)
    assert field == "to_user_id"
    return why


async def test_a_director_cannot_hand_a_25_percent_step_to_a_manager_or_an_admin(
    stub: Any, setup: Any, auth: Any,
) -> None:
    """The director's 25 % step waits behind the region's manager: delegating it to a
    manager (15 %) or an admin (no discount power) is refused, nothing changed; another
    director (30 %) takes it."""
    _, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    deep = await submitted(stub, setup, p, 36_000_000)                # 25 % off the quote
    assert [s.approver_id for s in deep.approval] == [ids["manager"], ids["director"]]
    for short in (ids["peer_manager"], ids["admin"]):
        why = await refused(contracts.SetDelegation(delegation(short), metadata=p["director"]))
        assert deep.number in why and "25%" in why, why
    unchanged = await contracts.GetDelegation(cpb.GetDelegationRequest(),
                                              metadata=p["director"])
    assert unchanged.to_user_id == ""

    await contracts.SetDelegation(delegation(ids["peer_director"]), metadata=p["director"])
    decided = await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=deep.id, decision="approve"), metadata=p["manager"])
    step = decided.approval[1]
    assert (step.approver_id, step.delegated_from, step.status) == (
        ids["peer_director"], ids["director"], "pending")


async def test_a_manager_cannot_hand_their_pending_10_percent_step_to_an_admin(
    stub: Any, setup: Any, auth: Any,
) -> None:
    _, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    cut = await submitted(stub, setup, p, 43_200_000)                 # 10 %: the manager's
    assert [(s.approver_id, s.status) for s in cut.approval] == [(ids["manager"], "pending")]
    why = await refused(contracts.SetDelegation(delegation(ids["admin"]),
                                                metadata=p["manager"]))
    assert "无折扣审批权限" in why and "10%" in why, why
    still = await contracts.GetContract(cpb.GetContractRequest(contract_id=cut.id),
                                        metadata=p["rep"])
    assert (still.approval[0].approver_id, still.approval[0].delegated_from) == (
        ids["manager"], "")
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    moved = await contracts.GetContract(cpb.GetContractRequest(contract_id=cut.id),
                                        metadata=p["rep"])
    assert (moved.approval[0].approver_id, moved.approval[0].delegated_from) == (
        ids["peer_manager"], ids["manager"])


async def test_a_discount_step_starting_later_stays_with_its_approver_beyond_the_delegates_power(
    stub: Any, setup: Any, auth: Any,
) -> None:
    """Delegated while nothing was waiting: later steps within the delegate's power go to
    them, a 25 % step stays with the director (reminded and escalated as usual)."""
    _, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["director"])
    deep = await submitted(stub, setup, p, 36_000_000)
    decided = await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=deep.id, decision="approve"), metadata=p["manager"])
    step = decided.approval[1]
    assert (step.approver_id, step.delegated_from, step.status) == (
        ids["director"], "", "pending")


# ---- quote discounts honour the delegation too (QA #13), and an approver back early
# ---- still decides their own steps (QA #14): the first decision counts.

async def pending_quote(stub: Any, setup: Any, rep: Any, discount_bp: int) -> Any:
    quotes, _, _ = setup
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"无锡轴承{uuid.uuid4().hex[:6]}有限公司", title="装配线"), metadata=rep)
    await reach(opp.id, "solution_design")
    return await quotes.CreateQuote(qpb.CreateQuoteRequest(
        opportunity_id=opp.id, discount_bp=discount_bp, lines=[
            qpb.QuoteLineRequest(product_code=code, quantity=n) for code, n in MID_DEAL]),
        metadata=rep)


async def code_of(call: Any) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await call
    return error.value.code()


def decision(quote_id: str, approve: bool = True, comment: str = "") -> qpb.DecideDiscountRequest:
    return qpb.DecideDiscountRequest(quote_id=quote_id, approve=approve, comment=comment)


async def test_an_away_managers_delegate_decides_a_10_percent_quote_and_reads_only_that(
    stub: Any, setup: Any, auth: Any,
) -> None:
    """mgr-east away, delegated to mgr-south: rep01's 10 % quote (经理审批) is on
    mgr-south's to-do list and he decides it; the deal, a quote without a pending
    discount and a 20 % one (beyond a manager's 15 %) of that region stay 404 to him."""
    quotes, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    south = auth("manager", user_id=ids["peer_manager"], region_ids=(f"r-{uuid.uuid4()}",))
    ten = await pending_quote(stub, setup, p["rep"], 1000)
    assert (ten.approval, ten.approval_role) == ("pending", "manager")
    plain = await pending_quote(stub, setup, p["rep"], 0)
    twenty = await pending_quote(stub, setup, p["rep"], 2000)
    assert await code_of(quotes.GetQuote(qpb.GetQuoteRequest(quote_id=ten.id),
                                         metadata=south)) == grpc.StatusCode.NOT_FOUND

    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    todo = await quotes.ListQuotes(qpb.ListQuotesRequest(approval="pending"), metadata=south)
    assert [(q.id, q.can_decide, q.waiting_for) for q in todo.quotes] == [
        (ten.id, True, "待您审批")]
    seen = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=ten.id), metadata=south)
    assert (seen.can_decide, seen.total_fen) == (True, ten.total_fen)
    for other in (plain.id, twenty.id):
        assert await code_of(quotes.GetQuote(qpb.GetQuoteRequest(quote_id=other),
                                             metadata=south)) == grpc.StatusCode.NOT_FOUND
    assert await code_of(quotes.DecideDiscount(decision(twenty.id), metadata=south)) \
        == grpc.StatusCode.NOT_FOUND
    assert await code_of(stub.GetOpportunity(pb.GetOpportunityRequest(
        opportunity_id=ten.opportunity_id), metadata=south)) == grpc.StatusCode.NOT_FOUND

    approved = await quotes.DecideDiscount(decision(ten.id, comment="代批"), metadata=south)
    assert (approved.approval, approved.decided_by) == ("approved", ids["peer_manager"])
    # The first decision counts: the manager, back, is refused; the delegate's retry is not.
    assert await code_of(quotes.DecideDiscount(decision(ten.id, False, "价格太低"),
                                               metadata=p["manager"])) \
        == grpc.StatusCode.FAILED_PRECONDITION
    again = await quotes.DecideDiscount(decision(ten.id), metadata=south)
    assert again.decided_by == ids["peer_manager"]
    mine = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=ten.id), metadata=south)
    assert mine.approval == "approved"  # what he decided stays readable to him


async def test_a_manager_back_early_decides_their_quote_and_the_delegate_then_gets_409(
    stub: Any, setup: Any, auth: Any,
) -> None:
    quotes, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    south = auth("manager", user_id=ids["peer_manager"], region_ids=(f"r-{uuid.uuid4()}",))
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    ten = await pending_quote(stub, setup, p["rep"], 1000)
    first = await quotes.DecideDiscount(decision(ten.id), metadata=p["manager"])
    assert (first.approval, first.decided_by) == ("approved", ids["manager"])
    assert await code_of(quotes.DecideDiscount(decision(ten.id), metadata=south)) \
        == grpc.StatusCode.FAILED_PRECONDITION
    todo = await quotes.ListQuotes(qpb.ListQuotesRequest(approval="pending"), metadata=south)
    assert ten.id not in [q.id for q in todo.quotes]


async def test_an_approver_back_early_decides_their_delegated_contract_step_first(
    stub: Any, setup: Any, auth: Any,
) -> None:
    """The manager's pending 10 % step moved to mgr-south with the delegation; the manager,
    back early, approves it without ending the delegation; mgr-south then gets 409."""
    _, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    south = auth("manager", user_id=ids["peer_manager"], region_ids=(f"r-{uuid.uuid4()}",))
    cut = await submitted(stub, setup, p, 43_200_000)
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    decided = await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=cut.id, decision="approve", comment="提前回来了"), metadata=p["manager"])
    step = decided.approval[0]
    assert (decided.status, step.decided_by, step.delegated_from) == (
        "approved", ids["manager"], ids["manager"])
    assert await code_of(contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=cut.id, decision="approve"), metadata=south)) \
        == grpc.StatusCode.FAILED_PRECONDITION


# ---- an approver back early finds what they may still decide on their to-do list, and
# ---- the rep reads who holds a delegated discount (「等待经理审批（由 李明 代理）」).

def named(directory: Directory, user_id: str, name: str) -> None:
    directory.roster = [replace(p, display_name=name) if p.id == user_id else p
                        for p in directory.roster]


async def awaiting(contracts: Any, caller: Any) -> list[str]:
    found = await contracts.ListContracts(cpb.ListContractsRequest(awaiting_me=True),
                                          metadata=caller)
    return [c.id for c in found.contracts]


async def test_a_manager_back_early_finds_the_step_they_delegated_on_their_to_do_list(
    stub: Any, setup: Any, auth: Any,
) -> None:
    """The manager's pending 10 % step moved to mgr-south with the delegation: both see it
    waiting for them until one decides it; then neither does."""
    _, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    south = auth("manager", user_id=ids["peer_manager"], region_ids=("r-south",))
    cut = await submitted(stub, setup, p, 43_200_000)
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    assert cut.id in await awaiting(contracts, south)
    assert cut.id in await awaiting(contracts, p["manager"])
    await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=cut.id, decision="approve"), metadata=south)
    assert cut.id not in await awaiting(contracts, p["manager"])
    assert cut.id not in await awaiting(contracts, south)


async def test_the_rep_reads_who_holds_the_discount_for_the_away_manager(
    stub: Any, setup: Any, auth: Any,
) -> None:
    quotes, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    named(directory, ids["peer_manager"], "李明")
    ten = await pending_quote(stub, setup, p["rep"], 1000)
    twenty = await pending_quote(stub, setup, p["rep"], 2000)       # the director's
    assert ten.waiting_for == "等待经理审批"
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])

    listed = await quotes.ListQuotes(qpb.ListQuotesRequest(approval="pending"),
                                     metadata=p["rep"])
    waiting = {q.id: q.waiting_for for q in listed.quotes}
    assert waiting[ten.id] == "等待经理审批（由 李明 代理）"
    assert waiting[twenty.id] == "等待总监审批"  # beyond the delegate's power: not theirs
    # (and another director away elsewhere does not make it wait for their delegate)
    seen = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=ten.id), metadata=p["rep"])
    assert seen.waiting_for == "等待经理审批（由 李明 代理）"
    # The manager, back early, still finds it on their pending list and may decide it.
    theirs = await quotes.ListQuotes(qpb.ListQuotesRequest(approval="pending"),
                                     metadata=p["manager"])
    assert (ten.id, True, "待您审批") in [(q.id, q.can_decide, q.waiting_for)
                                          for q in theirs.quotes]
    await contracts.SetDelegation(cpb.SetDelegationRequest(), metadata=p["manager"])
    back = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=ten.id), metadata=p["rep"])
    assert back.waiting_for == "等待经理审批"
    decided = await quotes.DecideDiscount(decision(ten.id), metadata=p["manager"])
    assert decided.waiting_for == ""


# ---- who to chase, as the directory names people today: a delegation kept from before
# ---- names were stored, a delegate renamed since, every director away.

@pytest.fixture(scope="module")
async def deals(deps: Deps, setup: Any) -> AsyncIterator[Any]:
    """The PipelineService as the process wires it: a deal's quotes read whom they wait for."""
    directory = setup[2]

    def register(server: grpc.aio.Server) -> list[str]:
        pb_grpc.add_PipelineServiceServicer_to_server(
            PipelineServicer(replace(deps, org=directory)), server)
        return [PIPELINE_SERVICE]

    async with grpc_serving(ServiceSettings(demo=True, service_name="pipeline"), register) \
            as addr, grpc.aio.insecure_channel(addr) as channel:
        yield pb_grpc.PipelineServiceStub(channel)


async def forget_names(deps: Deps, user_id: str) -> None:
    """The row as 20261209_delegation_names left a delegation set before it."""
    async with deps.sessions() as session:
        await session.execute(update(delegations).where(delegations.c.user_id == user_id)
                              .values(to_name="", to_role="", from_role="", from_regions=[]))
        await session.commit()


async def test_a_delegation_set_before_names_were_kept_names_the_delegate_as_now_called(
    stub: Any, setup: Any, auth: Any, deps: Deps, deals: Any,
) -> None:
    quotes, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    named(directory, ids["peer_manager"], "李明")
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    await forget_names(deps, ids["manager"])
    ten = await pending_quote(stub, setup, p["rep"], 1000)
    assert ten.waiting_for == "等待经理审批（由 李明 代理）"
    named(directory, ids["peer_manager"], "李明远")               # renamed by HR since
    seen = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=ten.id), metadata=p["rep"])
    assert seen.waiting_for == "等待经理审批（由 李明远 代理）"
    deal = await deals.GetOpportunity(pb.GetOpportunityRequest(
        opportunity_id=ten.opportunity_id), metadata=p["rep"])
    assert [(q.id, q.waiting_for) for q in deal.quotes] == [
        (ten.id, "等待经理审批（由 李明远 代理）")]
    theirs = await deals.GetOpportunity(pb.GetOpportunityRequest(
        opportunity_id=ten.opportunity_id), metadata=p["manager"])
    assert (theirs.quotes[0].can_decide, theirs.quotes[0].waiting_for) == (True, "待您审批")


async def test_with_every_director_away_the_rep_reads_who_holds_the_directors_discount(
    stub: Any, setup: Any, auth: Any, deals: Any,
) -> None:
    """A 20 % discount waits for a director. One director away changes nothing (the other
    decides); both away, the rep reads who holds it for them, but not a manager holding
    for a director (20 % is beyond his 15 %); each holding for the other, both names. The
    holder finds it on their pending list and decides it."""
    quotes, contracts, directory = setup
    everyone = directory.roster
    p = company(auth, directory)
    ids = p["ids"]
    directory.roster = [x for x in directory.roster[-6:]]         # this company's people only
    try:
        named(directory, ids["director"], "王建国")
        named(directory, ids["peer_director"], "赵德胜")
        twenty = await pending_quote(stub, setup, p["rep"], 2000)
        await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["director"])
        seen = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=twenty.id), metadata=p["rep"])
        assert seen.waiting_for == "等待总监审批"                 # 赵德胜 is in
        peer = auth("director", user_id=ids["peer_director"])
        await contracts.SetDelegation(delegation(ids["director"]), metadata=peer)
        seen = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=twenty.id), metadata=p["rep"])
        # Both away: 王建国 holds 赵德胜's; the manager holding 王建国's is beyond his 15 %.
        assert seen.waiting_for == "等待总监审批（由 王建国 代理）"
        await contracts.SetDelegation(delegation(ids["peer_director"]), metadata=p["director"])
        seen = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=twenty.id), metadata=p["rep"])
        assert seen.waiting_for == "等待总监审批（由 王建国、赵德胜 代理）"
        deal = await deals.GetOpportunity(pb.GetOpportunityRequest(
            opportunity_id=twenty.opportunity_id), metadata=p["rep"])
        assert deal.quotes[0].waiting_for == seen.waiting_for
        todo = await quotes.ListQuotes(qpb.ListQuotesRequest(approval="pending"),
                                       metadata=peer)
        assert (twenty.id, True, "待您审批") in [(q.id, q.can_decide, q.waiting_for)
                                                 for q in todo.quotes]
        approved = await quotes.DecideDiscount(decision(twenty.id), metadata=peer)
        assert (approved.approval, approved.waiting_for) == ("approved", "")
    finally:
        directory.roster = everyone + [x for x in directory.roster
                                       if x.id not in {e.id for e in everyone}]


async def test_an_approver_who_changes_delegate_hands_the_waiting_step_to_the_new_one(
    stub: Any, setup: Any, auth: Any,
) -> None:
    """mgr-east's 10 % step went to mgr-south; mgr-south falls ill, so mgr-east names
    mgr-north instead: the step follows (mgr-north's to-do list, his decision), and
    mgr-south no longer holds it. Before, it stayed with mgr-south, and the new delegate
    never saw it."""
    _, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    north_id = f"north-{uuid.uuid4()}"
    directory.roster.append(Person(north_id, north_id, "manager", f"r-{uuid.uuid4()}",
                                   ids["director"], True))
    south = auth("manager", user_id=ids["peer_manager"], region_ids=("r-south",))
    north = auth("manager", user_id=north_id, region_ids=("r-north",))
    cut = await submitted(stub, setup, p, 43_200_000)
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    await contracts.SetDelegation(delegation(north_id), metadata=p["manager"])
    moved = await contracts.GetContract(cpb.GetContractRequest(contract_id=cut.id),
                                        metadata=p["rep"])
    assert (moved.approval[0].approver_id, moved.approval[0].delegated_from) == (
        north_id, ids["manager"])
    assert cut.id in await awaiting(contracts, north)
    assert cut.id not in await awaiting(contracts, south)
    assert await code_of(contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=cut.id, decision="approve"), metadata=south)) \
        == grpc.StatusCode.NOT_FOUND                      # no longer in the round at all
    decided = await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=cut.id, decision="approve"), metadata=north)
    assert decided.status == "approved"


async def test_a_step_held_for_the_director_keeps_its_power_when_the_delegate_changes(
    stub: Any, setup: Any, auth: Any,
) -> None:
    """The director's 25 % step is held by another director; naming a manager instead is
    refused (15 % cannot take it) and the step stays where it was."""
    _, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    deep = await submitted(stub, setup, p, 36_000_000)
    await contracts.SetDelegation(delegation(ids["peer_director"]), metadata=p["director"])
    await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=deep.id, decision="approve"), metadata=p["manager"])
    why = await refused(contracts.SetDelegation(delegation(ids["peer_manager"]),
                                                metadata=p["director"]))
    assert deep.number in why and "25%" in why, why
    still = await contracts.GetContract(cpb.GetContractRequest(contract_id=deep.id),
                                        metadata=p["rep"])
    assert (still.approval[1].approver_id, still.approval[1].delegated_from) == (
        ids["peer_director"], ids["director"])


# ---- a delegation starting, moving or ending after the discount was asked ----

async def asks_of(deps: Deps, quote: Any) -> list[tuple[bool, list[str]]]:
    asked = await events_of(deps.sessions, quote.opportunity_id,
                            "pipeline.discount_approval_requested",
                            ev_pb2.DiscountApprovalRequested)
    return [(e.handed_on, list(e.delegate_ids)) for e in asked if e.quote_id == quote.id]


async def test_a_delegate_named_after_a_discount_was_asked_is_asked_and_loses_it_when_it_ends(
    stub: Any, setup: Any, auth: Any, deps: Deps,
) -> None:
    """rep01's 10 % waits for mgr-east. mgr-east leaves on Monday and names mgr-south: mgr-south
    is asked now (before, he learned of it only from his list). mgr-east then names the
    director instead: the director is asked, mgr-south no longer holds it. Back, mgr-east
    ends the delegation: nobody but the region's managers holds it. A quote within the
    rep's limit asks nobody, whoever is away."""
    _, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    ten = await pending_quote(stub, setup, p["rep"], 1000)
    plain = await pending_quote(stub, setup, p["rep"], 0)
    assert await asks_of(deps, ten) == [(False, [])]

    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    await contracts.SetDelegation(delegation(ids["peer_director"]), metadata=p["manager"])
    await contracts.SetDelegation(cpb.SetDelegationRequest(), metadata=p["manager"])
    assert await asks_of(deps, ten) == [
        (False, []), (True, [ids["peer_manager"]]),  # the same delegate again: nothing new
        (True, [ids["peer_director"]]), (True, [])]
    assert await asks_of(deps, plain) == []


async def test_a_delegation_that_runs_out_takes_the_discount_from_its_delegate(
    stub: Any, setup: Any, auth: Any, deps: Deps,
) -> None:
    _, contracts, directory = setup
    p = company(auth, directory)
    ids = p["ids"]
    ten = await pending_quote(stub, setup, p["rep"], 1000)
    await contracts.SetDelegation(delegation(ids["peer_manager"]), metadata=p["manager"])
    over = datetime.now(UTC) - timedelta(seconds=1)
    async with deps.sessions() as session, session.begin():  # its `until` has passed
        await session.execute(update(delegations).where(
            delegations.c.user_id == ids["manager"]).values(until=over))
        await session.execute(update(delegation_ends).where(
            delegation_ends.c.user_id == ids["manager"]).values(due_at=over))
    later = datetime.now(UTC)
    cdeps = ContractDeps(base=replace(deps, clock=lambda: later), org=directory,
                         calendars=CalendarLoader(calendar_days))
    job = delegation_end.ends_job(cdeps, interval_seconds=1)
    while await fire_due(job, deps.sessions, source="pipeline", now=later):
        pass
    assert await asks_of(deps, ten) == [
        (False, []), (True, [ids["peer_manager"]]), (True, [])]
