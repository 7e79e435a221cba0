"""The director's numbers checked against the deal list, as a director and a regional
manager would: for the same days, region and owner, the funnel's counts and fen sums are
the list's (made on those Shanghai days), and the lost reasons' are the list's of deals
lost on those days — a deal sent back counted in the stage it is in now, a reopened one as
open, a deal made at 23:30 Shanghai time on the day before."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from pipeline.domain.period import SHANGHAI
from salesos.pipeline.v1 import pipeline_pb2 as pb

from . import test_contracts_grpc as suite
from . import test_reopen
from .field_helpers import advance
from .test_contracts_grpc import team

pytestmark = pytest.mark.integration
directory, stubs, stub = suite.directory, suite.stubs, test_reopen.stub
OPEN_STAGES = ("lead", "first_visit", "needs_confirmed", "solution_design", "quote", "contract")


async def listed(stub: Any, who: Any, **filters: str) -> list[pb.Opportunity]:
    found, cursor = [], ""
    while True:
        page = await stub.ListOpportunities(pb.ListOpportunitiesRequest(
            page_size=100, page_token=cursor, **filters), metadata=who)
        found += page.opportunities
        if not (cursor := page.next_page_token):
            return found


def fen(deals: list[pb.Opportunity]) -> int:
    return sum(d.amount_fen for d in deals)


async def agree(stub: Any, who: Any, first: str, last: str, **narrow: str) -> pb.Funnel:
    """Funnel and lost reasons against the list for the same days and filters."""
    ask = pb.AnalyticsRequest(date_from=first, date_to=last, region_id=narrow.get("region_id",
                              ""), owner_id=narrow.get("owner_id", ""))
    funnel = await stub.GetFunnel(ask, metadata=who)
    made = await listed(stub, who, created_from=first, created_to=last, **narrow)
    by_status = {s: [d for d in made if d.status == s] for s in ("open", "won", "lost")}
    assert (funnel.total, funnel.won, funnel.lost) == (
        len(made), len(by_status["won"]), len(by_status["lost"]))
    assert (funnel.total_amount_fen, funnel.won_amount_fen, funnel.lost_amount_fen,
            funnel.open_amount_fen) == (fen(made), fen(by_status["won"]),
                                        fen(by_status["lost"]), fen(by_status["open"]))
    for row in funnel.stages[:len(OPEN_STAGES)]:
        here = await listed(stub, who, created_from=first, created_to=last, status="open",
                            stage=row.stage, **narrow)
        assert (row.current, row.current_amount_fen) == (len(here), fen(here)), row.stage

    losses = await stub.GetLostReasons(ask, metadata=who)
    lost = await listed(stub, who, status="lost", closed_from=first, closed_to=last, **narrow)
    assert losses.total == len(lost)
    assert {(r.reason, r.count, r.amount_fen) for r in losses.reasons} == {
        (reason, n, fen([d for d in lost if d.lost_reason == reason]))
        for reason, n in Counter(d.lost_reason for d in lost).items()}
    return funnel


async def test_the_funnel_and_lost_reasons_agree_with_the_deal_list_and_its_sums(
    stub, deps, auth, directory,
) -> None:
    p, other = team(auth, directory), team(auth, directory)

    async def deal(team_: dict[str, Any], fen_: int) -> pb.Opportunity:
        return await stub.OpenOpportunity(pb.OpenOpportunityRequest(
            account_name=f"镇江机械{uuid.uuid4().hex[:6]}有限公司", title="产线",
            amount_fen=fen_), metadata=team_["rep"])

    async def lose(opp: pb.Opportunity, reason: str, who: Any) -> None:
        await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=opp.id, to="lost",
                                                     reason=reason), metadata=who)

    await deal(p, 1_000_000)                                         # open in 线索
    back = await advance(stub, p["rep"], await deal(p, 2_000_000), "first_visit")
    await stub.ChangeStage(pb.ChangeStageRequest(                    # sent back to 线索
        opportunity_id=back.id, to="lead", reason="联系人换了"), metadata=p["rep"])
    await lose(await deal(p, 3_000_000), "价格过高", p["rep"])
    reopened = await deal(p, 4_000_000)
    await lose(reopened, "预算取消", p["rep"])
    await stub.ReopenOpportunity(pb.ReopenOpportunityRequest(         # open again, not lost
        opportunity_id=reopened.id, reason="客户回来了"), metadata=p["manager"])
    late = await deal(p, 5_000_000)  # made and lost yesterday, 23:30 / 23:50 Shanghai time
    await lose(late, "价格过高", p["rep"])
    won = await deal(p, 6_000_000)
    await lose(await deal(other, 7_000_000), "价格过高", other["rep"])  # another region

    today = datetime.now(SHANGHAI).date()
    yesterday = today - timedelta(days=1)
    async with deps.sessions() as session, session.begin():
        await session.execute(sa.text(
            "UPDATE opportunities SET created_at = :made, stage_entered_at = :lost "
            "WHERE id = :id"), {"made": datetime.combine(yesterday, time(23, 30), SHANGHAI),
                                "lost": datetime.combine(yesterday, time(23, 50), SHANGHAI),
                                "id": uuid.UUID(late.id)})
        await session.execute(sa.text(  # signed and won (the signing is another story)
            "UPDATE opportunities SET stage = 'won', status = 'won', amount_fen = 5800000, "
            "stage_entered_at = now() WHERE id = :id"), {"id": uuid.UUID(won.id)})

    days, both = (today.isoformat(),) * 2, (yesterday.isoformat(), today.isoformat())
    manager = await agree(stub, p["manager"], *days)
    assert (manager.total, manager.won, manager.lost) == (5, 1, 1)
    assert (manager.total_amount_fen, manager.lost_amount_fen) == (15_800_000, 3_000_000)
    assert {s.stage: s.current for s in manager.stages}["lead"] == 3  # sent back, reopened
    assert (await agree(stub, p["manager"], *both)).lost == 2
    assert (await agree(stub, p["manager"], *(yesterday.isoformat(),) * 2)).total == 1
    assert (await agree(stub, p["boss"], *days, region_id=p["region"])).total == 5
    assert (await agree(stub, p["boss"], *both, owner_id=p["rep_id"])).total == 6
    assert (await agree(stub, other["manager"], *days)).lost == 1
    await agree(stub, p["boss"], *days)  # the whole company
