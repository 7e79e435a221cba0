"""What a person earns is for finance, the director, their manager and themselves: an
admin (IT and operations) asking the service directly for payout statements or habit
rewards is refused, while the definitions an admin maintains stay open to them."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from salesos.incentives.v1 import incentives_pb2 as pb

pytestmark = pytest.mark.integration


async def test_an_admin_reads_no_payouts_or_rewards_and_finance_still_does(
        stub: Any, auth: Any) -> None:
    asks = (lambda who: stub.ListPayouts(pb.ListPayoutsRequest(period="2026-10"),
                                         metadata=who),
            lambda who: stub.ListRewards(pb.ListRewardsRequest(), metadata=who))
    for ask in asks:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await ask(auth("admin"))
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert "管理员" in (refused.value.details() or "")
        await ask(auth("finance"))
    statements = await asks[0](auth("finance"))
    assert statements.payouts and all(p.amount_fen >= 0 for p in statements.payouts)


async def test_an_admin_still_reads_the_kpi_definitions_and_the_experiments(
        stub: Any, auth: Any) -> None:
    assert (await stub.ListKpis(pb.ListKpisRequest(), metadata=auth("admin"))).kpis
    await stub.ListExperiments(pb.ListExperimentsRequest(), metadata=auth("admin"))


async def test_finance_reads_the_process_scores_its_scheme_b_pool_is_shared_by(
        stub: Any, auth: Any) -> None:
    """Every statement finance reads carries the rep's process score (scheme B's points
    are made of it), yet the scores screen answered finance an empty list and the
    breakdown of a rep's points 404."""
    finance = auth("finance")
    scores = await stub.ListScores(pb.ListScoresRequest(period="2026-10", page_size=500),
                                   metadata=finance)
    statements = await stub.ListPayouts(pb.ListPayoutsRequest(period="2026-10",
                                                              page_size=500), metadata=finance)
    assert {s.unit_id: s.score for s in scores.scores} == {
        p.user_id: p.process_score for p in statements.payouts}
    regions = await stub.ListScores(pb.ListScoresRequest(period="2026-10", level="region"),
                                    metadata=finance)
    assert {s.label for s in regions.scores} == {"华东", "华南"}
    breakdown = await stub.GetBreakdown(pb.GetBreakdownRequest(
        user_id="it-rep-01", period="2026-10"), metadata=finance)
    assert breakdown.score.unit_id == "it-rep-01"
