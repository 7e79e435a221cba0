"""A lost deal reopened (QA #7), with real tokens, PostgreSQL and gRPC: by the owner's
manager or a director, back to the stage it was lost from, its paperwork made right
(a withdrawn discount waits again, a void contract stays void and a new one can be
drafted), pipeline.deal_reopened in the outbox; 180 days at most; Idempotency-Key; never
owned by a stopped account (the leaver's successor, the reopening manager, or whom the
reopener names)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from pipeline.domain.approval_matrix import Person
from pipeline.entrypoints.grpc_server import SERVICE_NAME, PipelineServicer
from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.pipeline.v1 import contracts_pb2 as cpb
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import pipeline_pb2_grpc
from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.errors import field_violations
from servicekit.idempotency import KEY_REUSED
from servicekit.settings import ServiceSettings
from servicekit.testing.grpc import grpc_serving

from . import test_contracts_grpc as suite
from .deal_stages import reach
from .test_contracts_grpc import TERMS, denied, drafted, events, team

pytestmark = pytest.mark.integration
# The contracts suite's org chart and Quote/Contract services (module fixtures).
directory, stubs = suite.directory, suite.stubs
LOST = "客户选择了竞争对手"


@pytest.fixture(scope="module")
async def stub(deps: Any, directory: Any) -> AsyncIterator[Any]:
    """PipelineService asking the contracts suite's org chart who may own a deal."""
    servicer = PipelineServicer(replace(deps, org=directory))
    servicer.handover_directory = directory

    def register(server: grpc.aio.Server) -> list[str]:
        pipeline_pb2_grpc.add_PipelineServiceServicer_to_server(servicer, server)
        return [SERVICE_NAME]

    async with grpc_serving(ServiceSettings(demo=True, service_name="pipeline"),
                            register) as addr, grpc.aio.insecure_channel(addr) as channel:
        yield pipeline_pb2_grpc.PipelineServiceStub(channel)


def leaves(directory: Any, user_id: str) -> None:
    """The gateway stops the account: the directory answers them inactive."""
    directory.roster = [replace(x, active=False) if x.id == user_id else x
                        for x in directory.roster]


async def lose_in(stub: Any, deps: Any, opp_id: str, stage: str, p: dict[str, Any]) -> None:
    async with deps.sessions() as session, session.begin():  # the deal had reached `stage`
        await session.execute(sa.text("UPDATE opportunities SET stage = :stage WHERE id = :id"),
                              {"stage": stage, "id": opp_id})
    await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=opp_id, to="lost",
                                                 reason=LOST), metadata=p["rep"])


def reopen(opp_id: str, reason: str = "客户回来了", key: str = "",
           owner: str = "") -> pb.ReopenOpportunityRequest:
    return pb.ReopenOpportunityRequest(opportunity_id=opp_id, reason=reason,
                                       idempotency_key=key, owner_id=owner)


async def test_the_manager_reopens_a_lost_deal_where_it_was_lost_and_a_new_contract_follows(
    stub, stubs, deps, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    opp, c = await drafted(stub, stubs, p)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id), metadata=p["rep"])
    await lose_in(stub, deps, opp.id, "contract", p)
    await denied(stub.ReopenOpportunity(reopen(opp.id), metadata=p["rep"]),
                 grpc.StatusCode.PERMISSION_DENIED)
    elsewhere = auth("manager", region_ids=(f"r-{uuid.uuid4()}",))
    await denied(stub.ReopenOpportunity(reopen(opp.id), metadata=elsewhere),
                 grpc.StatusCode.NOT_FOUND)

    back = await stub.ReopenOpportunity(reopen(opp.id, key="k-reopen"), metadata=p["manager"])
    assert (back.stage, back.status, back.lost_reason) == ("contract", "open", "")
    assert [(h.from_stage, h.to_stage, h.reason) for h in back.history][-2:] == [
        ("contract", "lost", LOST), ("lost", "contract", "客户回来了")]
    again = await stub.ReopenOpportunity(reopen(opp.id, key="k-reopen"), metadata=p["manager"])
    assert len(again.history) == len(back.history)  # the retry changed nothing
    with pytest.raises(grpc.aio.AioRpcError) as reused:
        await stub.ReopenOpportunity(reopen(opp.id, "另一个原因", key="k-reopen"),
                                     metadata=p["manager"])
    assert field_violations(reused.value) == [("Idempotency-Key", KEY_REUSED)]
    await denied(stub.ReopenOpportunity(reopen(opp.id), metadata=p["manager"]),
                 grpc.StatusCode.FAILED_PRECONDITION)  # open now: nothing to reopen

    [event] = await events(deps, opp.id, "pipeline.deal_reopened", ev_pb2.DealReopened)
    assert (event.to_stage, event.reason, event.lost_reason, event.owner_id) == (
        "contract", "客户回来了", LOST, opp.owner_id)
    moves = await events(deps, opp.id, "pipeline.stage_changed", ev_pb2.StageChanged)
    assert [m.from_stage for m in moves] == ["contract"]  # the loss only: no re-entry

    void = await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                       metadata=p["rep"])
    assert void.status == "cancelled"
    fresh = await contracts.CreateContract(cpb.CreateContractRequest(
        opportunity_id=opp.id, quote_id=c.quote_id, terms=TERMS), metadata=p["rep"])
    assert (fresh.id != c.id, fresh.status) == (True, "draft")


async def test_a_discount_withdrawn_by_the_loss_waits_for_the_manager_again(
    stub, stubs, deps, auth, directory,
) -> None:
    quotes, _ = stubs
    p = team(auth, directory)
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"南通纺织{uuid.uuid4().hex[:6]}有限公司", title="仓储线"),
        metadata=p["rep"])
    await reach(opp.id, "solution_design")
    ten = await quotes.CreateQuote(qpb.CreateQuoteRequest(
        opportunity_id=opp.id, discount_bp=1000,
        lines=[qpb.QuoteLineRequest(product_code="AGV-500", quantity=1)]), metadata=p["rep"])
    await lose_in(stub, deps, opp.id, "quote", p)
    gone = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=ten.id), metadata=p["manager"])
    assert gone.approval == "withdrawn"
    await stub.ReopenOpportunity(reopen(opp.id), metadata=p["boss"])  # a director may too
    waiting = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=ten.id),
                                    metadata=p["manager"])
    assert (waiting.approval, waiting.can_decide) == ("pending", True)
    await denied(quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=ten.id), metadata=p["rep"]),
                 grpc.StatusCode.FAILED_PRECONDITION)
    # the manager was asked, told it was withdrawn with the loss, and is asked again
    asked = await events(deps, opp.id, "pipeline.discount_approval_requested",
                         ev_pb2.DiscountApprovalRequested)
    assert [(e.quote_id, e.approval_role, e.reopened) for e in asked] == [
        (ten.id, "manager", False), (ten.id, "manager", True)]
    [lost] = await events(deps, opp.id, "pipeline.discount_withdrawn", ev_pb2.DiscountWithdrawn)
    assert (lost.quote_id, lost.why) == (ten.id, "deal_lost")


async def test_a_discount_reopened_before_solution_design_waits_on_hold_asking_nobody(
    stub, stubs, deps, auth, directory,
) -> None:
    """Lost while back in 需求确认, reopened there: the discount waits again but nobody can
    decide it yet, so nobody is asked (it is, `resumed`, once the deal is in 方案设计)."""
    quotes, _ = stubs
    p = team(auth, directory)
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"南通纺织{uuid.uuid4().hex[:6]}有限公司", title="仓储线"),
        metadata=p["rep"])
    await reach(opp.id, "solution_design")
    ten = await quotes.CreateQuote(qpb.CreateQuoteRequest(
        opportunity_id=opp.id, discount_bp=1000,
        lines=[qpb.QuoteLineRequest(product_code="AGV-500", quantity=1)]), metadata=p["rep"])
    await lose_in(stub, deps, opp.id, "needs_confirmed", p)
    await stub.ReopenOpportunity(reopen(opp.id), metadata=p["manager"])
    held = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=ten.id), metadata=p["manager"])
    assert (held.approval, held.can_decide) == ("pending", False)
    asked = await events(deps, opp.id, "pipeline.discount_approval_requested",
                         ev_pb2.DiscountApprovalRequested)
    assert [e.reopened for e in asked] == [False]  # the first ask only


async def test_a_deal_lost_over_180_days_ago_stays_lost_and_the_answer_says_open_a_new_one(
    stub, stubs, deps, auth, directory,
) -> None:
    p = team(auth, directory)
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"盐城机电{uuid.uuid4().hex[:6]}有限公司", title="焊接线"),
        metadata=p["rep"])
    await lose_in(stub, deps, opp.id, "first_visit", p)
    async with deps.sessions() as session, session.begin():
        await session.execute(sa.text(
            "UPDATE opportunities SET stage_entered_at = now() - interval '181 days' "
            "WHERE id = :id"), {"id": opp.id})
    refused = await denied(stub.ReopenOpportunity(reopen(opp.id), metadata=p["manager"]),
                           grpc.StatusCode.FAILED_PRECONDITION)
    assert "180 天" in (refused.details() or "") and "新建商机" in (refused.details() or "")
    still = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                      metadata=p["manager"])
    assert (still.status, still.lost_reason) == ("lost", LOST)


async def test_management_numbers_count_a_reopened_deal_as_open_not_lost(
    stub, deps, auth, directory,
) -> None:
    """The funnel, lost reasons and rep activity read status and history: once reopened
    the deal is open in the stage it resumed, no longer a loss, and the reopening is no
    forward move of the rep's."""
    p = team(auth, directory)
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"常熟电缆{uuid.uuid4().hex[:6]}有限公司", title="拉丝机"),
        metadata=p["rep"])
    await lose_in(stub, deps, opp.id, "needs_confirmed", p)
    ask = pb.AnalyticsRequest()
    before = await stub.GetFunnel(ask, metadata=p["manager"])
    assert (before.total, before.lost) == (1, 1)
    await stub.ReopenOpportunity(reopen(opp.id), metadata=p["manager"])
    after = await stub.GetFunnel(ask, metadata=p["manager"])
    current = {s.stage: s.current for s in after.stages}
    assert (after.total, after.lost, after.won, current["needs_confirmed"]) == (1, 0, 0, 1)
    losses = await stub.GetLostReasons(ask, metadata=p["manager"])
    assert losses.total == 0
    activity = await stub.GetRepActivity(ask, metadata=p["manager"])
    assert sum(c.stage_advances for c in activity.cells) == 0


async def test_one_key_sent_for_two_deals_at_once_reopens_one_and_refuses_the_other(
    stub, stubs, deps, auth, directory,
) -> None:
    p = team(auth, directory)
    first, _ = await drafted(stub, stubs, p)
    second, _ = await drafted(stub, stubs, p)
    for opp in (first, second):
        await lose_in(stub, deps, opp.id, "contract", p)
    key = f"k-{uuid.uuid4().hex[:8]}"  # a client that reuses its key across two clicks

    answers = await asyncio.gather(*(
        stub.ReopenOpportunity(reopen(opp.id, key=key), metadata=p["manager"])
        for opp in (first, second)), return_exceptions=True)
    refused = [a for a in answers if isinstance(a, grpc.aio.AioRpcError)]
    assert len(refused) == 1, answers  # not two reopened, and no INTERNAL from the index
    assert field_violations(refused[0]) == [("Idempotency-Key", KEY_REUSED)]


async def test_a_late_retry_of_the_loss_does_not_lose_the_reopened_deal_again(
    stub, stubs, deps, auth, directory,
) -> None:
    """The rep's 丢单 (key L) went through; the manager reopened the deal; the rep's phone,
    back online, sends the same request again: the deal stays open. Before, a stage move's
    key was not kept, so the replay lost the deal a second time. The same key with another
    reason is 422, as for every keyed write."""
    p = team(auth, directory)
    opp, _ = await drafted(stub, stubs, p)

    def lose(reason: str = LOST) -> pb.ChangeStageRequest:
        return pb.ChangeStageRequest(opportunity_id=opp.id, to="lost", reason=reason,
                                     idempotency_key="k-lose")

    lost = await stub.ChangeStage(lose(), metadata=p["rep"])
    assert lost.status == "lost"
    await stub.ReopenOpportunity(reopen(opp.id), metadata=p["manager"])
    replay = await stub.ChangeStage(lose(), metadata=p["rep"])
    assert (replay.status, len(replay.history)) == ("open", len(lost.history) + 1)
    with pytest.raises(grpc.aio.AioRpcError) as reused:
        await stub.ChangeStage(lose("预算取消"), metadata=p["rep"])
    assert field_violations(reused.value) == [("Idempotency-Key", KEY_REUSED)]
    [_] = await events(deps, opp.id, "pipeline.deal_lost", ev_pb2.DealLost)


async def opened_and_lost(stub: Any, deps: Any, p: dict[str, Any]) -> pb.Opportunity:
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"无锡精机{uuid.uuid4().hex[:6]}有限公司", title="数控线"),
        metadata=p["rep"])
    await lose_in(stub, deps, opp.id, "needs_confirmed", p)
    return opp


async def test_a_leavers_lost_deal_reopened_goes_to_their_successor_not_the_stopped_account(
    stub, deps, auth, directory,
) -> None:
    """rep A lost the deal, then left; their open deals went to rep B (the lost one stayed
    A's: a handover moves open deals only). The customer comes back: the manager reopens
    it and B owns it. Before, the deal was open work owned by a stopped account."""
    p = team(auth, directory)
    heir = f"rep-{uuid.uuid4()}"
    directory.roster.append(Person(heir, "rep-heir", "rep", p["region"], p["manager_id"], True))
    opp = await opened_and_lost(stub, deps, p)
    await stub.HandOverOpportunities(pb.HandOverOpportunitiesRequest(
        handover_id=f"h-{uuid.uuid4()}", from_user_id=p["rep_id"], to_user_id=heir),
        metadata=p["gateway"])
    leaves(directory, p["rep_id"])
    still = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                      metadata=p["manager"])
    assert still.owner_id == p["rep_id"]  # lost: it stayed the leaver's

    back = await stub.ReopenOpportunity(reopen(opp.id), metadata=p["manager"])
    assert (back.status, back.owner_id, back.owner_username) == ("open", heir, "rep-heir")
    [event] = await events(deps, opp.id, "pipeline.deal_reopened", ev_pb2.DealReopened)
    assert event.owner_id == heir  # the heir is told, not the leaver


async def test_with_no_successor_the_reopening_manager_owns_it_and_a_director_must_name_one(
    stub, deps, auth, directory,
) -> None:
    p = team(auth, directory)
    first, second = (await opened_and_lost(stub, deps, p), await opened_and_lost(stub, deps, p))
    leaves(directory, p["rep_id"])
    mine = await stub.ReopenOpportunity(reopen(first.id), metadata=p["manager"])
    assert mine.owner_id == p["manager_id"]

    with pytest.raises(grpc.aio.AioRpcError) as unnamed:
        await stub.ReopenOpportunity(reopen(second.id), metadata=p["boss"])
    assert [f for f, _ in field_violations(unnamed.value)] == ["owner_id"]
    elsewhere = f"rep-{uuid.uuid4()}"
    directory.roster.append(Person(elsewhere, "rep-far", "rep", f"r-{uuid.uuid4()}",
                                   p["manager_id"], True))
    for cannot in (p["rep_id"], elsewhere, f"ghost-{uuid.uuid4()}"):  # stopped, away, unknown
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.ReopenOpportunity(reopen(second.id, owner=cannot), metadata=p["boss"])
        assert [f for f, _ in field_violations(refused.value)] == ["owner_id"], cannot
    lost = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=second.id),
                                     metadata=p["boss"])
    assert (lost.status, lost.owner_id) == ("lost", p["rep_id"])  # nothing half-done

    newcomer = f"rep-{uuid.uuid4()}"
    directory.roster.append(Person(newcomer, "rep-new", "rep", p["region"], p["manager_id"],
                                   True))
    named = await stub.ReopenOpportunity(reopen(second.id, owner=newcomer), metadata=p["boss"])
    assert (named.status, named.owner_id, named.owner_username) == ("open", newcomer, "rep-new")


async def test_a_manager_may_hand_the_reopened_deal_to_another_of_their_reps(
    stub, deps, auth, directory,
) -> None:
    p = team(auth, directory)
    other = f"rep-{uuid.uuid4()}"
    directory.roster.append(Person(other, "rep-other", "rep", p["region"], p["manager_id"], True))
    opp = await opened_and_lost(stub, deps, p)
    key = f"k-{uuid.uuid4().hex[:8]}"
    back = await stub.ReopenOpportunity(reopen(opp.id, key=key, owner=other),
                                        metadata=p["manager"])
    assert back.owner_id == other
    again = await stub.ReopenOpportunity(reopen(opp.id, key=key, owner=other),
                                         metadata=p["manager"])
    assert (again.owner_id, len(again.history)) == (other, len(back.history))
    with pytest.raises(grpc.aio.AioRpcError) as reused:
        await stub.ReopenOpportunity(reopen(opp.id, key=key, owner=p["rep_id"]),
                                     metadata=p["manager"])
    assert field_violations(reused.value) == [("Idempotency-Key", KEY_REUSED)]
