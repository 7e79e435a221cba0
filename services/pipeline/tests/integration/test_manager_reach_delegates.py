"""The 华南 manager's reach over his rep's 华东 deal (test_manager_reach) carries on where
today's work left it, over gRPC with real tokens and PostgreSQL: reopening the rep's lost
deal he may give it to another of his 华南 reps (a 华北 rep is 422 on owner_id), and while
he is away his delegate decides that deal's discount as he would (华北's manager,
delegated by nobody, still reads "not found")."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from pipeline.domain.approval_matrix import Person
from salesos.pipeline.v1 import contracts_pb2 as cpb
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.errors import field_violations

from . import test_manager_reach as suite
from .deal_stages import reach
from .org_roster import Directory
from .test_manager_reach import Stubs, company, deal_of_lead, refused, token

pytestmark = pytest.mark.integration
directory, stubs = suite.directory, suite.stubs  # the reach suite's org chart and services


async def test_reopening_his_reps_lost_deal_elsewhere_he_names_another_of_his_reps(
    stubs: Stubs, deps: Any, directory: Directory, auth: Any,
) -> None:
    org = company(directory)
    rep_north = Person(f"rep-{uuid.uuid4()}", "rep-north", "rep", org.north,
                       org.mgr_north.id, True)
    directory.roster.append(rep_north)
    handed = await deal_of_lead(deps, org.rep_south, org.east)
    await stubs.deals.ChangeStage(pb.ChangeStageRequest(
        opportunity_id=handed, to="lost", reason="客户选择了竞争对手"),
        metadata=token(auth, org.rep_south))
    mgr_south = token(auth, org.mgr_south)

    with pytest.raises(grpc.aio.AioRpcError) as stranger:
        await stubs.deals.ReopenOpportunity(pb.ReopenOpportunityRequest(
            opportunity_id=handed, reason="客户回来了", owner_id=rep_north.id),
            metadata=mgr_south)
    [(field, why)] = field_violations(stranger.value)
    assert (field, "您管理的区域或您的下属" in why) == ("owner_id", True), why
    still = await stubs.deals.GetOpportunity(pb.GetOpportunityRequest(
        opportunity_id=handed), metadata=mgr_south)
    assert (still.status, still.owner_id) == ("lost", org.rep_south.id)  # nothing half-done

    back = await stubs.deals.ReopenOpportunity(pb.ReopenOpportunityRequest(
        opportunity_id=handed, reason="客户回来了", owner_id=org.teammate.id),
        metadata=mgr_south)
    assert (back.status, back.region_id, back.owner_id) == ("open", org.east,
                                                            org.teammate.id)


def delegation(to_user_id: str) -> cpb.SetDelegationRequest:
    request = cpb.SetDelegationRequest(to_user_id=to_user_id)
    request.until.FromDatetime(datetime.now(UTC) + timedelta(days=3))
    return request


async def test_his_delegate_decides_the_discount_on_his_reps_deal_in_another_region(
    stubs: Stubs, deps: Any, directory: Directory, auth: Any,
) -> None:
    org = company(directory)
    handed = await deal_of_lead(deps, org.rep_south, org.east)
    await reach(handed, "solution_design")
    quote = await stubs.quotes.CreateQuote(qpb.CreateQuoteRequest(
        opportunity_id=handed, discount_bp=1_000,
        lines=[qpb.QuoteLineRequest(product_code="AGV-500", quantity=1)]),
        metadata=token(auth, org.rep_south))
    assert quote.approval == "pending"
    delegate = token(auth, org.mgr_north)
    await refused(stubs.quotes.DecideDiscount(qpb.DecideDiscountRequest(
        quote_id=quote.id, approve=True), metadata=delegate))  # not his, nobody away

    await stubs.contracts.SetDelegation(delegation(org.mgr_north.id),
                                        metadata=token(auth, org.mgr_south))
    try:
        read = await stubs.quotes.GetQuote(qpb.GetQuoteRequest(quote_id=quote.id),
                                           metadata=delegate)
        assert read.id == quote.id
        decided = await stubs.quotes.DecideDiscount(qpb.DecideDiscountRequest(
            quote_id=quote.id, approve=True), metadata=delegate)
        assert decided.approval == "approved"
    finally:
        await stubs.contracts.SetDelegation(cpb.SetDelegationRequest(),
                                            metadata=token(auth, org.mgr_south))
