"""PipelineService protobuf → the REST answers."""

from __future__ import annotations

from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.field_protoconv import visit_read
from gateway.pipeline_schemas import (
    AccountRead,
    ContactRead,
    CriterionRead,
    OpportunityRead,
    ProcessRead,
    ProcessStage,
    ProcessStep,
    StageChangeRead,
    StepRead,
)
from gateway.protoconv import _time
from gateway.quote_protoconv import quote_read


def opportunity_read(opp: pb.Opportunity) -> OpportunityRead:
    account = None
    if opp.HasField("account"):
        account = AccountRead(
            id=opp.account.id, name=opp.account.name, industry=opp.account.industry,
            province=opp.account.province, scale=opp.account.scale,
            contacts=[ContactRead(id=c.id, name=c.name, phone=c.phone, email=c.email)
                      for c in opp.account.contacts])
    return OpportunityRead(
        id=opp.id, title=opp.title, account=account, amount_fen=opp.amount_fen,
        stage=opp.stage, stage_label=opp.stage_label, status=opp.status,
        lost_reason=opp.lost_reason or None, owner_id=opp.owner_id,
        owner_username=opp.owner_username, region_id=opp.region_id or None,
        lead_id=opp.lead_id or None, process_version=opp.process_version,
        created_at=_time(opp, "created_at"), stage_entered_at=_time(opp, "stage_entered_at"),
        steps=[StepRead(id=s.id, label=s.label, stage=s.stage, done=s.done,
                        done_by=s.done_by or None, done_at=_time(s, "done_at"),
                        by_system=s.by_system)
               for s in opp.steps],
        stage_history=[StageChangeRead(from_stage=h.from_stage, to_stage=h.to_stage,
                                       by_user_id=h.by_user_id, at=_time(h, "at"),
                                       reason=h.reason) for h in opp.history],
        quotes=[quote_read(q) for q in opp.quotes],
        activities=[visit_read(v) for v in opp.visits],
        contract={"id": opp.contract_id, "status": opp.contract_status}
        if opp.contract_id else None)


def process_read(process: pb.Process) -> ProcessRead:
    return ProcessRead(
        version=process.version, created_at=_time(process, "created_at"),
        created_by=process.created_by,
        stages=[ProcessStage(code=s.code, label=s.label, expected_days=s.expected_days,
                             steps=[ProcessStep(id=p.id, label=p.label) for p in s.steps],
                             gates=list(s.gates)) for s in process.stages],
        criteria=[CriterionRead(code=c.code, label=c.label) for c in process.criteria])


def process_request(stages: list[ProcessStage]) -> pb.PutProcessRequest:
    return pb.PutProcessRequest(stages=[
        pb.ProcessStage(code=s.code, label=s.label, expected_days=s.expected_days,
                        steps=[pb.ProcessStep(id=p.id, label=p.label) for p in s.steps],
                        gates=s.gates) for s in stages])
