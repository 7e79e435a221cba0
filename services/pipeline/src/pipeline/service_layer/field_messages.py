"""Field work, domain → protobuf: visits, the needs record, the route, and the
pipeline.visit_reported / needs_recorded / stage_gate_blocked events."""

from __future__ import annotations

from datetime import datetime

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.uow import UnitOfWork

from pipeline.domain import needs as nd
from pipeline.domain.errors import Unmet
from pipeline.domain.model import Opportunity
from pipeline.domain.visits import Visit
from pipeline.service_layer.messages import _ts


def visit(v: Visit) -> pb.Visit:
    return pb.Visit(
        id=v.id, opportunity_id=v.opportunity_id, rep_id=v.rep_id, rep_username=v.rep_username,
        planned=v.planned_date is not None,
        planned_date=v.planned_date.isoformat() if v.planned_date else "",
        checked_in_at=_ts(v.checked_in_at), latitude=v.point.lat, longitude=v.point.lng,
        report=v.report, reported_at=_ts(v.reported_at), first=v.first,
        photos=[pb.VisitPhoto(id=p.id, filename=p.filename, content_type=p.content_type,
                              size_bytes=p.size_bytes, sha256=p.sha256) for p in v.photos],
        created_at=_ts(v.created_at), state=v.state,
        site_latitude=v.site.lat if v.site else None,
        site_longitude=v.site.lng if v.site else None, site_distance_km=v.site_distance_km,
        reported_by_id=v.reported_by_id, reported_by_username=v.reported_by_username,
        on_behalf=v.on_behalf)


def needs_record(record: nd.NeedsRecord) -> pb.NeedsRecord:
    n = record.needs
    return pb.NeedsRecord(
        opportunity_id=record.opportunity_id, equipment_type=n.equipment_type,
        capacity=n.capacity, site_constraints=n.site_constraints,
        budget_min_fen=n.budget_min_fen, budget_max_fen=n.budget_max_fen,
        decision_makers=[pb.Person(name=p.name, title=p.title) for p in n.decision_makers],
        competing_vendors=list(n.competing_vendors),
        must_have_parameters=[pb.Parameter(name=p.name, value=p.value)
                              for p in n.must_have_parameters],
        nonstandard_support=n.nonstandard_support, nonstandard_request=n.nonstandard_request,
        complete=n.complete, missing=n.missing, updated_by=record.updated_by,
        updated_at=_ts(record.updated_at), version=record.version)


def needs_from(msg: pb.NeedsRecord) -> nd.Needs:
    return nd.Needs(
        equipment_type=msg.equipment_type, capacity=msg.capacity,
        site_constraints=msg.site_constraints, budget_min_fen=msg.budget_min_fen,
        budget_max_fen=msg.budget_max_fen,
        decision_makers=tuple(nd.Person(p.name, p.title) for p in msg.decision_makers),
        competing_vendors=tuple(msg.competing_vendors),
        must_have_parameters=tuple(nd.Parameter(p.name, p.value)
                                   for p in msg.must_have_parameters),
        nonstandard_support=msg.nonstandard_support,
        nonstandard_request=msg.nonstandard_request)


def publish_visit_reported(uow: UnitOfWork, v: Visit, opp: Opportunity, *, account_name: str,
                           contact_phone: str) -> None:
    entered = next((c.at for c in reversed(opp.history) if c.to_stage == "first_visit"), None)
    uow.publish(ev_pb2.VisitReported(
        visit_id=v.id, opportunity_id=opp.id, account_id=opp.account_id,
        account_name=account_name, rep_id=v.rep_id, owner_id=opp.owner_id,
        region_id=opp.region_id, first=v.first, checked_in_at=_ts(v.checked_in_at),
        reported_at=_ts(v.reported_at), stage_entered_at=_ts(entered),
        contact_phone=contact_phone,
        reported_by_id=v.reported_by_id if v.on_behalf else ""),
        type="pipeline.visit_reported", aggregate_id=opp.id)


def publish_needs_recorded(uow: UnitOfWork, record: nd.NeedsRecord, opp: Opportunity) -> None:
    uow.publish(ev_pb2.NeedsRecorded(
        opportunity_id=opp.id, owner_id=opp.owner_id, region_id=opp.region_id,
        complete=record.needs.complete, nonstandard_support=record.needs.nonstandard_support,
        nonstandard_request=record.needs.nonstandard_request,
        recorded_at=_ts(record.updated_at), stage=opp.stage),
        type="pipeline.needs_recorded", aggregate_id=opp.id)


def publish_gate_blocked(uow: UnitOfWork, opp: Opportunity, *, to: str, unmet: list[Unmet],
                         by: str, at: datetime) -> None:
    uow.publish(ev_pb2.StageGateBlocked(
        opportunity_id=opp.id, owner_id=opp.owner_id, region_id=opp.region_id,
        from_stage=opp.stage, to_stage=to, unmet=[u.message for u in unmet], by_user_id=by,
        at=_ts(at), title=opp.title,
        unmet_criteria=[{"code": u.code, "params": dict(u.params)} for u in unmet]),
        type="pipeline.stage_gate_blocked", aggregate_id=opp.id)
