"""Domain → protobuf: the Opportunity reply and the pipeline.* events for the outbox."""

from __future__ import annotations

from typing import Any

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.protos import timestamp as _ts
from servicekit.uow import UnitOfWork

from pipeline.domain import events, stages
from pipeline.domain.accounts import Account
from pipeline.domain.criteria import CATALOGUE
from pipeline.domain.model import Opportunity
from pipeline.domain.process import Process
from pipeline.domain.stage_rules import SYSTEM_STEPS


def opportunity(opp: Opportunity, process: Process, account: Account | None,
                contacts: list[dict[str, str]] = ()) -> pb.Opportunity:  # type: ignore[assignment]
    reply = pb.Opportunity(
        id=opp.id, title=opp.title, amount_fen=opp.amount_fen, stage=opp.stage,
        stage_label=process.label(opp.stage), status=opp.status, lost_reason=opp.lost_reason,
        owner_id=opp.owner_id, owner_username=opp.owner_username, region_id=opp.region_id,
        lead_id=opp.lead_id or "", process_version=opp.process_version,
        created_at=_ts(opp.created_at), stage_entered_at=_ts(opp.stage_entered_at))
    if account is not None:
        reply.account.CopyFrom(pb.Account(id=account.id, name=account.name,
                                          industry=account.industry, province=account.province,
                                          scale=account.scale,
                                          contacts=[pb.Contact(**c) for c in contacts]))
    for stage in process.stages:
        for step in stage.steps:
            done = opp.steps_done.get(step.id)
            reply.steps.append(pb.StepState(
                id=step.id, label=step.label, stage=stage.code, done=done is not None,
                done_by=done.done_by if done else "", done_at=_ts(done.done_at if done else None),
                by_system=step.id in SYSTEM_STEPS))
    reply.history.extend(pb.StageChange(from_stage=c.from_stage, to_stage=c.to_stage,
                                        by_user_id=c.by_user_id, at=_ts(c.at), reason=c.reason)
                         for c in opp.history)
    return reply


def process_reply(process: Process) -> pb.Process:
    return pb.Process(
        version=process.version, created_at=_ts(process.created_at),
        created_by=process.created_by,
        stages=[pb.ProcessStage(code=s.code, label=s.label, expected_days=s.expected_days,
                                steps=[pb.ProcessStep(id=p.id, label=p.label) for p in s.steps],
                                gates=list(s.gates)) for s in process.stages],
        criteria=[pb.Criterion(code=c.code, label=c.label) for c in CATALOGUE.values()])


def publish(uow: UnitOfWork, opp: Opportunity, account_name: str,
            stage_extra: dict[str, Any] | None = None) -> None:
    """Stages every event the deal raised into the outbox, in the order raised;
    `stage_extra` adds fields to its StageChanged (field_stage.stage_changed_extra)."""
    for event in opp.events:
        if isinstance(event, events.OpportunityOpened):
            uow.publish(ev_pb2.OpportunityOpened(
                opportunity_id=opp.id, account_id=opp.account_id, account_name=account_name,
                title=opp.title, amount_fen=opp.amount_fen, owner_id=opp.owner_id,
                owner_username=opp.owner_username, region_id=opp.region_id,
                lead_id=opp.lead_id or "", stage=stages.LEAD,
                process_version=opp.process_version, opened_at=_ts(event.opened_at)),
                type="pipeline.opportunity_opened", aggregate_id=opp.id)
        elif isinstance(event, events.StageChanged):
            uow.publish(ev_pb2.StageChanged(
                opportunity_id=opp.id, owner_id=opp.owner_id, region_id=opp.region_id,
                from_stage=event.from_stage, to_stage=event.to_stage,
                by_user_id=event.by_user_id, reason=event.reason,
                changed_at=_ts(event.changed_at),
                seconds_in_from_stage=event.seconds_in_from_stage, **(stage_extra or {})),
                type="pipeline.stage_changed", aggregate_id=opp.id)
        elif isinstance(event, events.DealLost):
            uow.publish(ev_pb2.DealLost(
                opportunity_id=opp.id, owner_id=opp.owner_id, region_id=opp.region_id,
                from_stage=event.from_stage, reason=event.reason, by_user_id=event.by_user_id,
                amount_fen=opp.amount_fen, lost_at=_ts(event.lost_at)),
                type="pipeline.deal_lost", aggregate_id=opp.id)
        elif isinstance(event, events.DealReopened):
            uow.publish(ev_pb2.DealReopened(
                opportunity_id=opp.id, owner_id=opp.owner_id, region_id=opp.region_id,
                to_stage=event.to_stage, reason=event.reason, by_user_id=event.by_user_id,
                amount_fen=opp.amount_fen, reopened_at=_ts(event.reopened_at),
                lost_at=_ts(event.lost_at), lost_reason=event.lost_reason, title=opp.title),
                type="pipeline.deal_reopened", aggregate_id=opp.id)
    opp.events.clear()
