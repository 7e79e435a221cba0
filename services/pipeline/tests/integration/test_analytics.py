"""Management numbers over gRPC: funnel, cycle time, lost reasons and rep activity from
real stage history and visits, scoped like lists."""

from __future__ import annotations

import uuid

import grpc
import pytest
from salesos.pipeline.v1 import pipeline_pb2 as pb

from .field_helpers import SITE, advance, open_deal, visit_upload

pytestmark = pytest.mark.integration


async def test_a_manager_sees_the_funnel_cycle_times_losses_and_activity_of_their_region(
        field, auth) -> None:
    region = f"r-{uuid.uuid4()}"
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=(region,))
    walked, lost, _ = [await open_deal(field, rep) for _ in range(3)]
    walked = await advance(field, rep, walked, "first_visit")
    await advance(field, rep, walked, "needs_confirmed")
    await field.ChangeStage(pb.ChangeStageRequest(opportunity_id=lost.id, to="lost",
                                                  reason="价格过高"), metadata=rep)
    await field.RecordVisit(visit_upload(pb.VisitHeader(opportunity_id=walked.id,
                                                        report="现场拜访", **SITE)), metadata=rep)
    manager = auth("manager", region_ids=(region,))
    ask = pb.AnalyticsRequest()

    funnel = await field.GetFunnel(ask, metadata=manager)
    reached = {s.stage: s.reached for s in funnel.stages}
    assert (funnel.total, funnel.won, funnel.lost) == (3, 0, 1)
    assert [reached[c] for c in ("lead", "first_visit", "needs_confirmed", "solution_design",
                                 "won")] == [3, 1, 1, 0, 0]
    assert funnel.stages[0].conversion == pytest.approx(0.3333)
    assert {s.stage: s.current for s in funnel.stages}["lead"] == 1

    cycle = await field.GetCycleTime(ask, metadata=manager)
    per_stage = {d.stage: d.count for d in cycle.stages}
    assert (per_stage["lead"], per_stage["first_visit"], cycle.lead_to_won.count) == (2, 1, 0)

    losses = await field.GetLostReasons(ask, metadata=manager)
    assert [(r.reason, r.count, r.amount_fen, r.share) for r in losses.reasons] == [
        ("价格过高", 1, 50_000_000, 1.0)]

    activity = await field.GetRepActivity(ask, metadata=manager)
    assert [(c.visits, c.reports, c.stage_advances) for c in activity.cells] == [(1, 1, 2)]
    assert activity.cells[0].week in activity.weeks and len(activity.weeks) >= 52

    elsewhere = auth("manager", region_ids=(f"r-{uuid.uuid4()}",))
    assert (await field.GetFunnel(ask, metadata=elsewhere)).total == 0
    assert (await field.GetFunnel(pb.AnalyticsRequest(region_id=region),
                                  metadata=auth("director"))).total == 3


async def test_engineers_see_no_sales_numbers_and_bad_dates_name_the_field(field, auth) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await field.GetFunnel(pb.AnalyticsRequest(), metadata=auth("engineer"))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as bad:
        await field.GetFunnel(pb.AnalyticsRequest(date_from="2026-13-01"),
                              metadata=auth("director"))
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_activity_weeks_turn_at_monday_midnight_in_shanghai_not_utc(field, auth) -> None:
    from datetime import datetime, time, timedelta

    from google.protobuf.timestamp_pb2 import Timestamp
    from pipeline.domain.period import SHANGHAI

    region = f"r-{uuid.uuid4()}"
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=(region,))
    deal = await open_deal(field, rep)
    today = datetime.now(SHANGHAI).date()
    monday = today - timedelta(days=today.weekday() + 7)  # last week's Monday
    sunday_night = datetime.combine(monday - timedelta(days=1), time(23, 30), SHANGHAI)
    monday_early = datetime.combine(monday, time(0, 30), SHANGHAI)  # Sunday 16:30 UTC
    for moment in (sunday_night, monday_early):
        stamp = Timestamp()
        stamp.FromDatetime(moment)
        await field.RecordVisit(visit_upload(pb.VisitHeader(
            opportunity_id=deal.id, checked_in_at=stamp, **SITE)), metadata=rep)
    cells = (await field.GetRepActivity(pb.AnalyticsRequest(),
                                        metadata=auth("manager", region_ids=(region,)))).cells
    expected = sorted(f"{y}-W{w:02d}" for y, w, _ in (d.isocalendar() for d in (
        sunday_night.date(), monday_early.date())))
    assert [(c.week, c.visits) for c in cells] == [(w, 1) for w in expected]


async def test_a_leavers_visits_stay_theirs_after_the_deals_are_handed_over(
        field, auth, sessions) -> None:
    """Monday review after 周婷 left: her visits and reports of the last weeks are still on
    her row, not credited to 吴磊 who took her deals, and 吴磊 sees only his own work."""
    from pipeline.adapters.handover_repo import move_open_deals

    region = f"r-{uuid.uuid4()}"
    leaver_id, successor_id = f"rep-{uuid.uuid4()}", f"rep-{uuid.uuid4()}"
    leaver = auth("rep", user_id=leaver_id, region_ids=(region,))
    deal = await open_deal(field, leaver)
    await field.RecordVisit(visit_upload(pb.VisitHeader(
        opportunity_id=deal.id, report="现场拜访", **SITE)), metadata=leaver)
    async with sessions() as session, session.begin():
        assert await move_open_deals(session, from_user_id=leaver_id, to_user_id=successor_id,
                                     to_username="successor", region_ids=None, limit=10)
    manager = auth("manager", region_ids=(region,))
    cells = (await field.GetRepActivity(pb.AnalyticsRequest(), metadata=manager)).cells
    assert [(c.owner_id, c.visits, c.reports) for c in cells] == [(leaver_id, 1, 1)]
    mine = await field.GetRepActivity(
        pb.AnalyticsRequest(), metadata=auth("rep", user_id=successor_id, region_ids=(region,)))
    assert [(c.visits, c.reports) for c in mine.cells] == []
    by_owner = await field.GetRepActivity(pb.AnalyticsRequest(owner_id=leaver_id),
                                          metadata=manager)
    assert [(c.owner_id, c.visits) for c in by_owner.cells] == [(leaver_id, 1)]


async def test_a_leavers_stage_moves_stay_theirs_and_the_successor_gets_only_their_own(
        field, auth, sessions) -> None:
    """周婷 moved her deal to 初访 before she left; 吴磊, who took it, moved it on to 需求确认.
    The Monday heatmap shows her advance on her row and his on his — not both on the
    successor's row because he owns the deal now."""
    from pipeline.adapters.handover_repo import move_open_deals

    region = f"r-{uuid.uuid4()}"
    leaver_id, successor_id = f"rep-{uuid.uuid4()}", f"rep-{uuid.uuid4()}"
    leaver = auth("rep", user_id=leaver_id, region_ids=(region,))
    deal = await advance(field, leaver, await open_deal(field, leaver), "first_visit")
    async with sessions() as session, session.begin():
        assert await move_open_deals(session, from_user_id=leaver_id, to_user_id=successor_id,
                                     to_username="successor", region_ids=None, limit=10)
    successor = auth("rep", user_id=successor_id, region_ids=(region,))
    await advance(field, successor, deal, "needs_confirmed")
    manager = auth("manager", region_ids=(region,))
    cells = (await field.GetRepActivity(pb.AnalyticsRequest(), metadata=manager)).cells
    assert sorted((c.owner_id, c.stage_advances) for c in cells) == sorted(
        [(leaver_id, 1), (successor_id, 1)])
    mine = await field.GetRepActivity(pb.AnalyticsRequest(), metadata=successor)
    assert [(c.owner_id, c.stage_advances) for c in mine.cells] == [(successor_id, 1)]
    theirs = await field.GetRepActivity(pb.AnalyticsRequest(owner_id=leaver_id),
                                        metadata=manager)
    assert [(c.owner_id, c.stage_advances) for c in theirs.cells] == [(leaver_id, 1)]


async def _listed(field, who, **days: str) -> int:
    listed = await field.ListOpportunities(pb.ListOpportunitiesRequest(page_size=100, **days),
                                           metadata=who)
    return len(listed.opportunities)


async def test_the_deal_list_narrowed_to_the_funnels_period_counts_the_funnels_total(
        field, auth, sessions) -> None:
    """The director reads 2 deals in this week's funnel and asks the list for the same
    days: the same 2 deals, not the region's all-time 3 (one was made five days ago, at
    00:30 Shanghai time — still the previous UTC day)."""
    from datetime import datetime, time, timedelta

    from pipeline.domain.period import SHANGHAI
    from sqlalchemy import text

    region = f"r-{uuid.uuid4()}"
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=(region,))
    deals = [await open_deal(field, rep) for _ in range(3)]
    today = datetime.now(SHANGHAI).date()
    earlier = today - timedelta(days=5)
    async with sessions() as session, session.begin():
        await session.execute(text("UPDATE opportunities SET created_at = :at WHERE id = :id"),
                              {"at": datetime.combine(earlier, time(0, 30), SHANGHAI),
                               "id": uuid.UUID(deals[0].id)})
    manager = auth("manager", region_ids=(region,))
    for first, last in ((today, today), (earlier, today - timedelta(days=1)),
                        (earlier - timedelta(days=1), earlier - timedelta(days=1))):
        funnel = await field.GetFunnel(pb.AnalyticsRequest(
            date_from=first.isoformat(), date_to=last.isoformat()), metadata=manager)
        assert await _listed(field, manager, created_from=first.isoformat(),
                             created_to=last.isoformat()) == funnel.total
    assert (await field.GetFunnel(pb.AnalyticsRequest(), metadata=manager)).total == 3
    assert await _listed(field, manager, created_from=today.isoformat()) == 2
    assert await _listed(field, manager, created_to=earlier.isoformat()) == 1


@pytest.mark.parametrize(("days", "field_name"), [
    ({"created_from": "2026-13-01"}, "created_from"),
    ({"created_to": "27/11/2026"}, "created_to"),
    ({"created_from": "1999-12-31"}, "created_from"),
    ({"created_to": "2100-01-01"}, "created_to"),
    ({"created_from": "2026-11-28", "created_to": "2026-11-27"}, "created_from"),
    ({"closed_to": "2026-02-30"}, "closed_to"),
    ({"closed_from": "2026-11-28", "closed_to": "2026-11-27"}, "closed_from"),
])
async def test_a_bad_created_day_on_the_deal_list_is_refused_naming_it(
        field, auth, days, field_name) -> None:
    from servicekit.errors import field_violations

    with pytest.raises(grpc.aio.AioRpcError) as bad:
        await _listed(field, auth("director"), **days)
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(bad.value)] == [field_name]
