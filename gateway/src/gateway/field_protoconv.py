"""Field work and analytics protobuf → REST answers."""

from __future__ import annotations

from collections.abc import Mapping

from google.protobuf.json_format import MessageToDict
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.analytics_schemas import (
    CycleTimeRead,
    DurationRead,
    FunnelRead,
    FunnelStageRead,
    LostReasonRead,
    LostReasonsRead,
    RepActivityRead,
    RepRowRead,
)
from gateway.field_schemas import (
    NeedsRead,
    ParameterModel,
    PersonModel,
    RouteRead,
    RouteStopRead,
    VisitPhotoRead,
    VisitRead,
)
from gateway.protoconv import _time
from gateway.routes import API_PREFIX

NEEDS_LABELS = {"equipment_type": "设备类型", "capacity": "产能要求",
                "site_constraints": "现场条件", "budget": "预算区间",
                "decision_makers": "决策人", "must_have_parameters": "必备参数"}


def visit_read(v: pb.Visit) -> VisitRead:
    base = f"{API_PREFIX}/opportunities/{v.opportunity_id}/visits/{v.id}/photos"
    return VisitRead(
        id=v.id, opportunity_id=v.opportunity_id, rep_id=v.rep_id, rep_username=v.rep_username,
        state=v.state, planned=v.planned, planned_date=v.planned_date or None,
        checked_in_at=_time(v, "checked_in_at"), latitude=v.latitude, longitude=v.longitude,
        report=v.report, reported_at=_time(v, "reported_at"), first=v.first,
        photos=[VisitPhotoRead(id=p.id, filename=p.filename, content_type=p.content_type,
                               size_bytes=p.size_bytes, sha256=p.sha256, url=f"{base}/{p.id}")
                for p in v.photos], created_at=_time(v, "created_at"),
        site_latitude=v.site_latitude if v.HasField("site_latitude") else None,
        site_longitude=v.site_longitude if v.HasField("site_longitude") else None,
        site_distance_km=v.site_distance_km if v.HasField("site_distance_km") else None,
        reported_by_id=v.reported_by_id, reported_by_username=v.reported_by_username,
        on_behalf=v.on_behalf)


def needs_read(n: pb.NeedsRecord) -> NeedsRead:
    return NeedsRead(
        opportunity_id=n.opportunity_id, equipment_type=n.equipment_type, capacity=n.capacity,
        site_constraints=n.site_constraints, budget_min_fen=n.budget_min_fen,
        budget_max_fen=n.budget_max_fen,
        decision_makers=[PersonModel(name=p.name, title=p.title) for p in n.decision_makers],
        competing_vendors=list(n.competing_vendors),
        must_have_parameters=[ParameterModel(name=p.name, value=p.value)
                              for p in n.must_have_parameters],
        nonstandard_support=n.nonstandard_support, nonstandard_request=n.nonstandard_request,
        complete=n.complete, missing=list(n.missing),
        missing_labels=[NEEDS_LABELS.get(m, m) for m in n.missing], version=n.version,
        updated_by=n.updated_by or None, updated_at=_time(n, "updated_at"))


def route_read(r: pb.Route) -> RouteRead:
    return RouteRead(date=r.date, total_km=r.total_km, unoptimised_km=r.unoptimised_km,
                     stops=[RouteStopRead(position=s.position, visit=visit_read(s.visit),
                                          title=s.title, account_name=s.account_name,
                                          leg_km=s.leg_km) for s in r.stops])


def _plain(message: object) -> dict:  # type: ignore[type-arg]
    return MessageToDict(message, preserving_proto_field_name=True,  # type: ignore[arg-type]
                         always_print_fields_with_no_presence=True)


def funnel_read(f: pb.Funnel) -> FunnelRead:
    return FunnelRead(date_from=f.date_from, date_to=f.date_to, total=f.total, won=f.won,
                      lost=f.lost, win_rate=f.win_rate,
                      stages=[FunnelStageRead(**_plain(s)) for s in f.stages],
                      total_amount_fen=f.total_amount_fen, won_amount_fen=f.won_amount_fen,
                      lost_amount_fen=f.lost_amount_fen, open_amount_fen=f.open_amount_fen)


def cycle_time_read(c: pb.CycleTime) -> CycleTimeRead:
    return CycleTimeRead(date_from=c.date_from, date_to=c.date_to,
                         lead_to_won=DurationRead(**_plain(c.lead_to_won)),
                         stages=[DurationRead(**_plain(d)) for d in c.stages])


def lost_reasons_read(r: pb.LostReasons) -> LostReasonsRead:
    return LostReasonsRead(date_from=r.date_from, date_to=r.date_to, total=r.total,
                           reasons=[LostReasonRead(**_plain(x)) for x in r.reasons])


def rep_activity_read(r: pb.RepActivity,
                      logins: Mapping[str, str] | None = None) -> RepActivityRead:
    """The service's sparse (rep, week) cells as a dense matrix: a heatmap's shape, and
    ~20 objects instead of ~1,000 (a model per cell cost tens of milliseconds).
    `logins`: id -> username for people the service could not name (stage moves only)."""
    column = {week: i for i, week in enumerate(r.weeks)}
    rows: dict[str, RepRowRead] = {}
    for c in r.cells:
        row = rows.get(c.owner_id)
        if row is None:
            zeros = [0] * len(column)
            row = rows[c.owner_id] = RepRowRead(
                owner_id=c.owner_id, visits=zeros,
                owner_username=c.owner_username or (logins or {}).get(c.owner_id, ""),
                reports=list(zeros), stage_advances=list(zeros))
        if (i := column.get(c.week)) is not None:
            row.visits[i], row.reports[i] = c.visits, c.reports
            row.stage_advances[i] = c.stage_advances
    return RepActivityRead(date_from=r.date_from, date_to=r.date_to, weeks=list(r.weeks),
                           reps=sorted(rows.values(), key=lambda x: x.owner_username))
