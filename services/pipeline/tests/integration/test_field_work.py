"""Field work over gRPC with real tokens, PostgreSQL and a photo folder: visits with
photos and reports, the needs record as the 方案设计 gate, the day's route."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import grpc
import pytest
from salesos.events.v1 import pipeline_pb2 as ev
from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.errors import field_violations
from servicekit.idempotency import KEY_REUSED

from .field_helpers import (
    JPEG,
    PNG,
    SITE,
    advance,
    events_of,
    open_deal,
    visit_upload,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def rep(auth):
    return auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=(f"r-{uuid.uuid4()}",))


async def photo_bytes(stub, metadata, visit: pb.Visit, photo: pb.VisitPhoto) -> bytes:
    request = pb.GetVisitPhotoRequest(opportunity_id=visit.opportunity_id, visit_id=visit.id,
                                      photo_id=photo.id)
    return b"".join([c.data async for c in stub.GetVisitPhoto(request, metadata=metadata)])


async def test_a_visit_keeps_its_photos_and_only_the_first_report_counts_as_first(
        field, rep, sessions) -> None:
    deal = await open_deal(field, rep)
    header = pb.VisitHeader(opportunity_id=deal.id, report="见到设备部王经理，现有产线老化",
                            **SITE)
    visit = await field.RecordVisit(visit_upload(header, [("a.jpg", JPEG), ("b.png", PNG)]),
                                    metadata=rep)
    assert (visit.state, visit.first, len(visit.photos)) == ("reported", True, 2)
    assert [p.content_type for p in visit.photos] == ["image/jpeg", "image/png"]
    assert await photo_bytes(field, rep, visit, visit.photos[1]) == PNG
    second = await field.RecordVisit(visit_upload(pb.VisitHeader(opportunity_id=deal.id,
                                                                 **SITE)), metadata=rep)
    filed = await field.FileVisitReport(pb.FileVisitReportRequest(
        opportunity_id=deal.id, visit_id=second.id, report="第二次拜访"), metadata=rep)
    assert (filed.state, filed.first) == ("reported", False)
    reported = await events_of(sessions, deal.id, "pipeline.visit_reported", ev.VisitReported)
    assert [(e.visit_id, e.first) for e in reported] == [(visit.id, True), (second.id, False)]
    assert reported[0].reported_at.ToDatetime() == visit.reported_at.ToDatetime()
    listed = await field.ListVisits(pb.ListVisitsRequest(opportunity_id=deal.id, page_size=1),
                                    metadata=rep)
    assert [v.id for v in listed.visits] == [second.id] and listed.next_page_token


async def test_a_refused_upload_leaves_neither_a_visit_nor_a_stored_photo(
        field, rep, photo_dir) -> None:
    deal = await open_deal(field, rep)
    before = sorted(photo_dir.rglob("*"))
    cases = [
        (pb.VisitHeader(opportunity_id=deal.id, latitude=120.5, longitude=31.3),
         [("a.jpg", JPEG)], grpc.StatusCode.INVALID_ARGUMENT),
        (pb.VisitHeader(opportunity_id=deal.id, **SITE), [("x.pdf", b"%PDF-1.7 ...")],
         grpc.StatusCode.INVALID_ARGUMENT),
        (pb.VisitHeader(opportunity_id=deal.id, visit_id=str(uuid.uuid4()), **SITE),
         [("a.jpg", JPEG)], grpc.StatusCode.NOT_FOUND),   # after the photo was stored
        (pb.VisitHeader(opportunity_id=deal.id, planned=True, planned_date="2099-01-01",
                        **SITE), [], grpc.StatusCode.INVALID_ARGUMENT),
        (pb.VisitHeader(opportunity_id=deal.id, planned=True, report="提前写好的报告", **SITE),
         [], grpc.StatusCode.INVALID_ARGUMENT),
    ]
    for header, photos, code in cases:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await field.RecordVisit(visit_upload(header, photos), metadata=rep)
        assert refused.value.code() == code
    assert sorted(photo_dir.rglob("*")) == before
    listed = await field.ListVisits(pb.ListVisitsRequest(opportunity_id=deal.id), metadata=rep)
    assert list(listed.visits) == []


async def test_the_same_idempotency_key_returns_the_first_visit(field, rep) -> None:
    deal = await open_deal(field, rep)
    header = pb.VisitHeader(opportunity_id=deal.id, idempotency_key="v-1", **SITE)
    first = await field.RecordVisit(visit_upload(header, [("a.jpg", JPEG)]), metadata=rep)
    again = await field.RecordVisit(visit_upload(header, [("a.jpg", JPEG)]), metadata=rep)
    assert again.id == first.id and len(again.photos) == 1


async def test_a_key_reused_for_another_visit_is_refused_and_stores_nothing(
    field, rep, photo_dir,
) -> None:
    """Another report or other photos under a used key are another visit: answering with
    the first one would lose them without a word."""
    deal = await open_deal(field, rep)
    header = pb.VisitHeader(opportunity_id=deal.id, idempotency_key="v-2",
                            report="客户关注交期，下周报价", **SITE)
    first = await field.RecordVisit(visit_upload(header, [("a.jpg", JPEG)]), metadata=rep)
    stored = sorted(photo_dir.rglob("*"))
    other_report = pb.VisitHeader()
    other_report.CopyFrom(header)
    other_report.report = "客户要求降价 5%"
    for sent, photos in ((other_report, [("a.jpg", JPEG)]), (header, [("b.png", PNG)])):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await field.RecordVisit(visit_upload(sent, photos), metadata=rep)
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert field_violations(refused.value) == [("Idempotency-Key", KEY_REUSED)]
    assert sorted(photo_dir.rglob("*")) == stored
    listed = await field.ListVisits(pb.ListVisitsRequest(opportunity_id=deal.id), metadata=rep)
    assert [v.id for v in listed.visits] == [first.id]


async def test_another_rep_can_neither_see_nor_add_visits(field, rep, auth) -> None:
    deal = await open_deal(field, rep)
    other = auth("rep", user_id="rep-other", region_ids=("r-x",))
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await field.RecordVisit(visit_upload(pb.VisitHeader(opportunity_id=deal.id, **SITE)),
                                metadata=other)
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND


async def test_solution_design_waits_for_a_complete_needs_record_whose_request_reaches_engineering(
        field, rep, sessions) -> None:
    deal = await open_deal(field, rep)
    deal = await advance(field, rep, deal, "first_visit")
    deal = await advance(field, rep, deal, "needs_confirmed")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await advance(field, rep, deal, "solution_design")
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    blocked = await events_of(sessions, deal.id, "pipeline.stage_gate_blocked",
                              ev.StageGateBlocked)
    assert [(b.from_stage, b.to_stage, list(b.unmet)) for b in blocked] == [
        ("needs_confirmed", "solution_design", ["结构化需求记录已填写完整"])]
    # the same criterion as a code, which notifications words in its reader's language
    assert [(c.code, dict(c.params)) for c in blocked[0].unmet_criteria] == [
        ("needs_record_complete", {})]
    half = await field.PutNeeds(pb.PutNeedsRequest(record=pb.NeedsRecord(
        opportunity_id=deal.id, equipment_type="五轴加工中心")), metadata=rep)
    assert not half.complete and "budget" in half.missing and half.version == 1
    record = pb.NeedsRecord(
        opportunity_id=deal.id, equipment_type="五轴加工中心", capacity="每月 3000 件",
        site_constraints="车间层高 6 米", budget_min_fen=100_000_000, budget_max_fen=150_000_000,
        decision_makers=[pb.Person(name="王总", title="总经理")],
        must_have_parameters=[pb.Parameter(name="定位精度", value="0.005 mm")],
        competing_vendors=["德马吉"], nonstandard_support=True,
        nonstandard_request="非标夹具图纸")
    full = await field.PutNeeds(pb.PutNeedsRequest(record=record), metadata=rep)
    again = await field.PutNeeds(pb.PutNeedsRequest(record=record), metadata=rep)
    assert (full.complete, full.version, again.version) == (True, 2, 2)
    recorded = await events_of(sessions, deal.id, "pipeline.needs_recorded", ev.NeedsRecorded)
    assert [r.complete for r in recorded] == [False, True]
    moved = await field.ChangeStage(pb.ChangeStageRequest(opportunity_id=deal.id,
                                                          to="solution_design"), metadata=rep)
    assert moved.stage == "solution_design"
    changed = (await events_of(sessions, deal.id, "pipeline.stage_changed",
                               ev.StageChanged))[-1]
    assert (changed.to_stage, changed.nonstandard_support, changed.nonstandard_request,
            changed.title) == ("solution_design", True, "非标夹具图纸", "数控车床")
    assert changed.account_name.startswith("无锡精工")


async def test_a_closed_deals_needs_record_stays_as_it_was(field, rep) -> None:
    """What the customer needed is part of why the deal was won or lost; a closed deal's
    record is read-only, as its steps, quotes and contracts are."""
    deal = await open_deal(field, rep)
    record = pb.NeedsRecord(opportunity_id=deal.id, equipment_type="五轴加工中心",
                            capacity="每月 3000 件")
    await field.PutNeeds(pb.PutNeedsRequest(record=record), metadata=rep)
    await field.ChangeStage(pb.ChangeStageRequest(opportunity_id=deal.id, to="lost",
                                                  reason="预算取消"), metadata=rep)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await field.PutNeeds(pb.PutNeedsRequest(record=pb.NeedsRecord(
            opportunity_id=deal.id, equipment_type="改成别的")), metadata=rep)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    kept = await field.GetNeeds(pb.GetNeedsRequest(opportunity_id=deal.id), metadata=rep)
    assert (kept.equipment_type, kept.capacity, kept.version) == ("五轴加工中心", "每月 3000 件", 1)


async def test_the_days_route_orders_the_callers_planned_visits_by_distance(field, rep) -> None:
    deal = await open_deal(field, rep)
    tomorrow = (datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
                + timedelta(days=1)).date().isoformat()
    places = {"无锡": (31.4912, 120.3119), "上海": (31.2304, 121.4737), "苏州": (31.2989, 120.5853)}
    for lat, lng in places.values():
        await field.RecordVisit(visit_upload(pb.VisitHeader(
            opportunity_id=deal.id, planned=True, planned_date=tomorrow, latitude=lat,
            longitude=lng)), metadata=rep)
    day = await field.GetRoute(pb.GetRouteRequest(date=tomorrow, has_start=True,
                                                  start_latitude=31.23, start_longitude=121.6),
                               metadata=rep)
    order = [(s.visit.latitude, s.visit.longitude) for s in day.stops]
    assert order == [places["上海"], places["苏州"], places["无锡"]]
    assert day.total_km < day.unoptimised_km
    assert day.total_km == pytest.approx(sum(s.leg_km for s in day.stops), abs=0.01)


async def test_the_days_route_leaves_out_visits_planned_on_deals_since_lost(
        field, rep) -> None:
    """Tomorrow's two visits were planned last week; one customer has since bought
    elsewhere (deal lost). The route sends the rep only to the customer still open."""
    kept, lost = await open_deal(field, rep), await open_deal(field, rep)
    tomorrow = (datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
                + timedelta(days=1)).date().isoformat()
    for deal in (kept, lost):
        await field.RecordVisit(visit_upload(pb.VisitHeader(
            opportunity_id=deal.id, planned=True, planned_date=tomorrow, **SITE)), metadata=rep)
    await field.ChangeStage(pb.ChangeStageRequest(opportunity_id=lost.id, to="lost",
                                                  reason="价格过高"), metadata=rep)
    day = await field.GetRoute(pb.GetRouteRequest(date=tomorrow), metadata=rep)
    assert [s.visit.opportunity_id for s in day.stops] == [kept.id]


async def test_a_lost_deal_takes_no_new_visit_but_a_visit_made_before_is_still_reported(
        field, rep, sessions) -> None:
    """Visiting a customer who bought elsewhere is working the deal again: the manager
    reopens it first. The visit made before the loss still gets its report."""
    deal = await open_deal(field, rep)
    tomorrow = (datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
                + timedelta(days=1)).date().isoformat()
    planned = await field.RecordVisit(visit_upload(pb.VisitHeader(
        opportunity_id=deal.id, planned=True, planned_date=tomorrow, **SITE)), metadata=rep)
    made = await field.RecordVisit(visit_upload(pb.VisitHeader(opportunity_id=deal.id,
                                                               **SITE)), metadata=rep)
    await field.ChangeStage(pb.ChangeStageRequest(opportunity_id=deal.id, to="lost",
                                                  reason="价格过高"), metadata=rep)
    for header in (pb.VisitHeader(opportunity_id=deal.id, **SITE),
                   pb.VisitHeader(opportunity_id=deal.id, visit_id=planned.id, **SITE)):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await field.RecordVisit(visit_upload(header, [("a.jpg", JPEG)]), metadata=rep)
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "商机已丢单" in refused.value.details()
    listed = await field.ListVisits(pb.ListVisitsRequest(opportunity_id=deal.id), metadata=rep)
    assert sorted(v.state for v in listed.visits) == ["checked_in", "planned"]
    filed = await field.FileVisitReport(pb.FileVisitReportRequest(
        opportunity_id=deal.id, visit_id=made.id, report="客户已选定竞争对手"), metadata=rep)
    assert filed.state == "reported"


async def test_checking_in_a_planned_visit_twice_with_the_same_photo_keeps_one_copy(
        field, rep, photo_dir) -> None:
    deal = await open_deal(field, rep)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).astimezone(
        ZoneInfo("Asia/Shanghai")).date().isoformat()
    planned = await field.RecordVisit(visit_upload(pb.VisitHeader(
        opportunity_id=deal.id, planned=True, planned_date=tomorrow, **SITE)), metadata=rep)
    before = set(photo_dir.rglob("*.jpg"))
    check_in = pb.VisitHeader(opportunity_id=deal.id, visit_id=planned.id, **SITE)
    first = await field.RecordVisit(visit_upload(check_in, [("a.jpg", JPEG)]), metadata=rep)
    again = await field.RecordVisit(visit_upload(check_in, [("a.jpg", JPEG)]), metadata=rep)
    assert first.state == again.state == "checked_in"
    assert [p.id for p in again.photos] == [p.id for p in first.photos]
    assert len(set(photo_dir.rglob("*.jpg")) - before) == 1
    moved = pb.VisitHeader(opportunity_id=deal.id, visit_id=planned.id, latitude=30.0,
                           longitude=120.0)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await field.RecordVisit(visit_upload(moved), metadata=rep)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_a_photo_whose_file_is_gone_answers_not_found(field, rep, photo_dir) -> None:
    deal = await open_deal(field, rep)
    visit = await field.RecordVisit(visit_upload(pb.VisitHeader(opportunity_id=deal.id, **SITE),
                                                 [("a.jpg", JPEG)]), metadata=rep)
    (photo_dir / "visits" / f"{visit.photos[0].id}.jpg").unlink()
    with pytest.raises(grpc.aio.AioRpcError) as gone:
        await photo_bytes(field, rep, visit, visit.photos[0])
    assert gone.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_manager_plans_a_visit_on_a_reps_deal_and_finds_it_on_their_own_route(
        field, auth) -> None:
    region = f"r-{uuid.uuid4()}"
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=(region,))
    manager = auth("manager", user_id=f"mgr-{uuid.uuid4()}", region_ids=(region,))
    deal = await open_deal(field, rep)
    day = (datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
           + timedelta(days=3)).date().isoformat()
    await field.RecordVisit(visit_upload(pb.VisitHeader(
        opportunity_id=deal.id, planned=True, planned_date=day, **SITE)), metadata=manager)
    mine = await field.GetRoute(pb.GetRouteRequest(date=day), metadata=manager)
    assert [s.visit.opportunity_id for s in mine.stops] == [deal.id]
    assert mine.total_km == 0 and mine.stops[0].leg_km == 0
    assert not (await field.GetRoute(pb.GetRouteRequest(date=day), metadata=rep)).stops


async def test_a_visit_is_the_visitors_and_a_manager_files_its_report_only_saying_so(
        field, auth, sessions) -> None:
    """The rep visited and phoned the report in to her manager: he may file it for her,
    but must say so; the visit, its report and the first-visit KPI stay hers, and the
    visit shows who filed it. Nobody checks in a visit someone else planned (the check-in
    is where the caller stands), and a rep files nobody else's report."""
    region = f"r-{uuid.uuid4()}"
    rep_id, mgr_id = f"rep-{uuid.uuid4()}", f"mgr-{uuid.uuid4()}"
    rep = auth("rep", user_id=rep_id, region_ids=(region,))
    manager = auth("manager", user_id=mgr_id, region_ids=(region,))
    deal = await open_deal(field, rep)
    day = (datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
           + timedelta(days=1)).date().isoformat()
    planned = await field.RecordVisit(visit_upload(pb.VisitHeader(
        opportunity_id=deal.id, planned=True, planned_date=day, **SITE)), metadata=rep)
    with pytest.raises(grpc.aio.AioRpcError) as not_his:
        await field.RecordVisit(visit_upload(pb.VisitHeader(
            opportunity_id=deal.id, visit_id=planned.id, **SITE)), metadata=manager)
    assert not_his.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "只有本人可以签到" in not_his.value.details()
    visit = await field.RecordVisit(visit_upload(pb.VisitHeader(
        opportunity_id=deal.id, visit_id=planned.id, **SITE)), metadata=rep)
    assert visit.state == "checked_in"
    report = pb.FileVisitReportRequest(opportunity_id=deal.id, visit_id=visit.id,
                                       report="客户确认产线改造预算，下周技术交流")
    with pytest.raises(grpc.aio.AioRpcError) as unsaid:
        await field.FileVisitReport(report, metadata=manager)
    assert unsaid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(unsaid.value)] == ["on_behalf"]
    with pytest.raises(grpc.aio.AioRpcError) as admin:
        await field.FileVisitReport(pb.FileVisitReportRequest(
            opportunity_id=deal.id, visit_id=visit.id, report=report.report, on_behalf=True),
            metadata=auth("admin"))
    assert admin.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert not await events_of(sessions, deal.id, "pipeline.visit_reported", ev.VisitReported)
    report.on_behalf = True
    filed = await field.FileVisitReport(report, metadata=manager)
    assert (filed.state, filed.first, filed.rep_id) == ("reported", True, rep_id)
    assert (filed.reported_by_id, filed.reported_by_username, filed.on_behalf) == (
        mgr_id, "manager", True)
    assert (await field.FileVisitReport(report, metadata=manager)).id == filed.id  # retry
    [event] = await events_of(sessions, deal.id, "pipeline.visit_reported", ev.VisitReported)
    assert (event.rep_id, event.reported_by_id, event.first) == (rep_id, mgr_id, True)
    shown = await field.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=deal.id),
                                       metadata=rep)
    assert [(v.rep_id, v.on_behalf) for v in shown.visits] == [(rep_id, True)]
    # The manager's own visit is his: the deal's rep does not file its report
    his = await field.RecordVisit(visit_upload(pb.VisitHeader(opportunity_id=deal.id,
                                                              **SITE)), metadata=manager)
    with pytest.raises(grpc.aio.AioRpcError) as rep_for_him:
        await field.FileVisitReport(pb.FileVisitReportRequest(
            opportunity_id=deal.id, visit_id=his.id, report="代经理填写", on_behalf=True),
            metadata=rep)
    assert rep_for_him.value.code() == grpc.StatusCode.PERMISSION_DENIED
    own = await field.FileVisitReport(pb.FileVisitReportRequest(
        opportunity_id=deal.id, visit_id=his.id, report="陪访：与采购总监确认决策链"),
        metadata=manager)
    assert (own.rep_id, own.reported_by_id, own.on_behalf) == (mgr_id, mgr_id, False)
    events = await events_of(sessions, deal.id, "pipeline.visit_reported", ev.VisitReported)
    assert [(e.rep_id, e.reported_by_id) for e in events] == [(rep_id, mgr_id), (mgr_id, "")]
