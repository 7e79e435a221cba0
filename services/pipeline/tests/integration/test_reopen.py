"""A lost deal reopened (QA #7), with real tokens, PostgreSQL and gRPC: by the owner's
manager or a director, back to the stage it was lost from, its paperwork made right
(a withdrawn discount waits again, a void contract stays void and a new one can be
drafted), pipeline.deal_reopened in the outbox; 180 days at most; Idempotency-Key."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.pipeline.v1 import contracts_pb2 as cpb
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.errors import field_violations
from servicekit.idempotency import KEY_REUSED

from . import test_contracts_grpc as suite
from .deal_stages import reach
from .test_contracts_grpc import TERMS, denied, drafted, events, team

pytestmark = pytest.mark.integration
# The contracts suite's org chart and Quote/Contract services (module fixtures).
directory, stubs = suite.directory, suite.stubs
LOST = "客户选择了竞争对手"


async def lose_in(stub: Any, deps: Any, opp_id: str, stage: str, p: dict[str, Any]) -> None:
    async with deps.sessions() as session, session.begin():  # the deal had reached `stage`
        await session.execute(sa.text("UPDATE opportunities SET stage = :stage WHERE id = :id"),
                              {"stage": stage, "id": opp_id})
    await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=opp_id, to="lost",
                                                 reason=LOST), metadata=p["rep"])


def reopen(opp_id: str, reason: str = "客户回来了", key: str = "") -> pb.ReopenOpportunityRequest:
    return pb.ReopenOpportunityRequest(opportunity_id=opp_id, reason=reason,
                                       idempotency_key=key)


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
