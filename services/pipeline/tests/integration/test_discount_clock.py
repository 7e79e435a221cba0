"""A waiting quote discount is chased as a contract step is, with real PostgreSQL: its
reminder after a working day and its escalation after two (discount_deadlines, the
`discount_deadlines` job), stopped by a decision; and its approvers' asks withdrawn while
the deal is sent back before 方案设计, asked again when it comes forward."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from pipeline.adapters.contracts_orm import calendar_days
from pipeline.adapters.quotes_orm import discount_deadlines
from pipeline.entrypoints.quotes_grpc import QUOTE_SERVICE_NAME, QuoteServicer
from pipeline.service_layer import discount_clock
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.demo_data import seed_demo_catalogue
from pipeline.service_layer.deps import Deps
from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import quotes_pb2 as qpb
from salesos.pipeline.v1 import quotes_pb2_grpc
from servicekit.scheduler import fire_due
from servicekit.settings import ServiceSettings
from servicekit.testing.grpc import grpc_serving
from servicekit.workcal.hours import add_working_time
from servicekit.workcal.loader import CalendarLoader, seed_calendar

from .deal_stages import reach
from .field_helpers import advance, events_of

pytestmark = pytest.mark.integration

ESCALATED, REQUESTED, WITHDRAWN = ("pipeline.discount_escalated",
                                   "pipeline.discount_approval_requested",
                                   "pipeline.discount_withdrawn")


@pytest.fixture(scope="module")
async def clocked(deps: Deps) -> Deps:
    """The quotes' deps as bootstrap wires them: waits on the working calendar."""
    await seed_calendar(deps.sessions, calendar_days)
    contracts = ContractDeps(base=deps, org=None, calendars=CalendarLoader(calendar_days))
    return dataclasses.replace(deps, timing_at=contracts.timing_at)


@pytest.fixture(scope="module")
async def quotes(clocked: Deps) -> AsyncIterator[quotes_pb2_grpc.QuoteServiceStub]:
    await seed_demo_catalogue(clocked.sessions)

    def register(server: grpc.aio.Server) -> list[str]:
        quotes_pb2_grpc.add_QuoteServiceServicer_to_server(QuoteServicer(clocked), server)
        return [QUOTE_SERVICE_NAME]

    async with grpc_serving(ServiceSettings(demo=True, service_name="pipeline"), register) \
            as addr, grpc.aio.insecure_channel(addr) as channel:
        yield quotes_pb2_grpc.QuoteServiceStub(channel)


def team(auth: Any) -> dict[str, Any]:
    region = f"r-{uuid.uuid4()}"
    return {"region": region, "rep": auth("rep", user_id=f"rep-{uuid.uuid4()}",
                                          region_ids=(region,)),
            "manager": auth("manager", region_ids=(region,))}


async def waiting_quote(stub: Any, quotes: Any, rep: Any, bp: int = 1_200
                        ) -> tuple[pb.Opportunity, qpb.Quote]:
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"东莞注塑{uuid.uuid4().hex[:6]}有限公司", title="注塑机"), metadata=rep)
    await reach(opp.id, "solution_design")
    q = await quotes.CreateQuote(qpb.CreateQuoteRequest(
        opportunity_id=opp.id, discount_bp=bp,
        lines=[qpb.QuoteLineRequest(product_code="PAL-R200", quantity=1)]), metadata=rep)
    assert q.approval == "pending"
    return opp, q


async def deadlines(deps: Deps, quote_id: str) -> list[tuple[int, datetime, bool]]:
    async with deps.sessions() as session:
        rows = await session.execute(sa.select(
            discount_deadlines.c.level, discount_deadlines.c.due_at,
            discount_deadlines.c.fired_at.is_not(None)).where(
            discount_deadlines.c.quote_id == uuid.UUID(quote_id))
            .order_by(discount_deadlines.c.due_at))
        return [tuple(r) for r in rows]


async def run_job(deps: Deps, now: datetime) -> None:
    job = discount_clock.deadline_job(deps, interval_seconds=1)
    while await fire_due(job, deps.sessions, source="pipeline", now=now):
        pass


async def test_a_waiting_discount_is_reminded_after_a_working_day_then_escalated(
    stub, quotes, clocked, auth,
) -> None:
    """Nobody has decided the rep's 12 % for a working day: whoever it asked is reminded;
    a second working day on, the directors are told too. Counted on the mainland
    calendar, as a contract step's clock is."""
    p = team(auth)
    opp, q = await waiting_quote(stub, quotes, p["rep"])
    asked = q.created_at.ToDatetime(tzinfo=UTC)
    async with clocked.sessions() as session:
        calendar = await CalendarLoader(calendar_days).load(session, asked.year,
                                                            asked.year + 1)
    due = await deadlines(clocked, q.id)
    assert due == [(1, add_working_time(asked, 7.5, calendar), False),
                   (2, add_working_time(asked, 15, calendar), False)]

    await run_job(clocked, due[0][1] - timedelta(seconds=1))
    assert not await events_of(clocked.sessions, opp.id, ESCALATED, ev_pb2.DiscountEscalated)
    await run_job(clocked, due[0][1])
    await run_job(clocked, due[0][1])  # a second tick fires nothing again
    [reminded] = await events_of(clocked.sessions, opp.id, ESCALATED, ev_pb2.DiscountEscalated)
    assert (reminded.quote_id, reminded.level, reminded.approval_role, reminded.region_id,
            reminded.discount_bp, reminded.created_by) == (
        q.id, 1, "manager", p["region"], 1_200, q.created_by)
    await run_job(clocked, due[1][1])
    chased = await events_of(clocked.sessions, opp.id, ESCALATED, ev_pb2.DiscountEscalated)
    assert [e.level for e in chased] == [1, 2]


async def test_a_decided_discount_is_chased_no_more(stub, quotes, clocked, auth) -> None:
    p = team(auth)
    opp, q = await waiting_quote(stub, quotes, p["rep"])
    await quotes.DecideDiscount(qpb.DecideDiscountRequest(quote_id=q.id, approve=True),
                                metadata=p["manager"])
    assert [fired for _, _, fired in await deadlines(clocked, q.id)] == [True, True]
    await run_job(clocked, datetime.now(UTC) + timedelta(days=30))
    assert not await events_of(clocked.sessions, opp.id, ESCALATED, ev_pb2.DiscountEscalated)


async def test_a_revised_quote_chases_only_its_new_version(stub, quotes, clocked, auth) -> None:
    p = team(auth)
    opp, first = await waiting_quote(stub, quotes, p["rep"])
    second = await quotes.CreateQuote(qpb.CreateQuoteRequest(
        opportunity_id=opp.id, discount_bp=1_000,
        lines=[qpb.QuoteLineRequest(product_code="PAL-R200", quantity=2)]), metadata=p["rep"])
    await run_job(clocked, datetime.now(UTC) + timedelta(days=30))
    chased = await events_of(clocked.sessions, opp.id, ESCALATED, ev_pb2.DiscountEscalated)
    assert [(e.quote_id, e.level) for e in chased] == [(second.id, 1), (second.id, 2)]
    assert first.id not in {e.quote_id for e in chased}


async def test_a_deal_sent_back_puts_its_discount_on_hold_and_asks_again_when_it_comes_forward(
    stub, quotes, clocked, auth,
) -> None:
    """The customer's needs change while the manager has not yet decided the 12 %: the deal
    goes back to 需求确认. Nobody is asked to decide a price for a solution being redone —
    the approvers' asks are withdrawn (deal_sent_back) and nobody is reminded — and once the
    needs are confirmed and the deal is in 方案设计 again, the same quote is asked anew."""
    p = team(auth)
    opp, q = await waiting_quote(stub, quotes, p["rep"])
    await stub.ChangeStage(pb.ChangeStageRequest(
        opportunity_id=opp.id, to="needs_confirmed", reason="客户要求改为双工位"),
        metadata=p["manager"])
    [held] = await events_of(clocked.sessions, opp.id, WITHDRAWN, ev_pb2.DiscountWithdrawn)
    assert (held.quote_id, held.why) == (q.id, "deal_sent_back")
    assert [fired for _, _, fired in await deadlines(clocked, q.id)] == [True, True]
    await run_job(clocked, datetime.now(UTC) + timedelta(days=30))
    assert not await events_of(clocked.sessions, opp.id, ESCALATED, ev_pb2.DiscountEscalated)
    seen = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=q.id), metadata=p["manager"])
    assert (seen.approval, seen.can_decide) == ("pending", False)

    await stub.PutNeeds(pb.PutNeedsRequest(record=pb.NeedsRecord(
        opportunity_id=opp.id, equipment_type="注塑机", capacity="每月 5 万件",
        site_constraints="车间层高 6 米", budget_min_fen=50_000_000, budget_max_fen=80_000_000,
        decision_makers=[pb.Person(name="李总", title="总经理")],
        must_have_parameters=[pb.Parameter(name="锁模力", value="280 吨")],
        competing_vendors=["海天"])), metadata=p["rep"])
    deal = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                     metadata=p["rep"])
    moved = await advance(stub, p["rep"], deal, "solution_design")
    assert moved.stage == "solution_design"
    asked = await events_of(clocked.sessions, opp.id, REQUESTED,
                            ev_pb2.DiscountApprovalRequested)
    assert [(e.quote_id, e.resumed) for e in asked] == [(q.id, False), (q.id, True)]
    # a fresh clock: the old pair stays fired, a new pair waits
    assert sorted((fired, level) for level, _, fired in await deadlines(clocked, q.id)) == [
        (False, 1), (False, 2), (True, 1), (True, 2)]
    decided = await quotes.DecideDiscount(qpb.DecideDiscountRequest(
        quote_id=q.id, approve=True), metadata=p["manager"])
    assert decided.approval == "approved"
