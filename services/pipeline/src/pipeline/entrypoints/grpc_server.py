"""PipelineService over gRPC: translate requests, call the use cases, translate answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import pipeline_pb2_grpc
from servicekit.auth import current_principal
from servicekit.errors import Conflict, FieldError
from servicekit.orgdir import OrgUnavailable

from pipeline.adapters.repository import OpportunityFilter
from pipeline.domain.errors import GateFailed, InvalidField, TransitionRefused
from pipeline.domain.period import created_window
from pipeline.domain.process import StageDef, Step
from pipeline.entrypoints.field_rpcs import FieldWorkRpcs
from pipeline.entrypoints.handover_rpc import DirectoryUnavailable, HandOverRpc
from pipeline.entrypoints.text_guard import guard_text
from pipeline.service_layer import deal_reopen, editing, opening, process_admin, working
from pipeline.service_layer.deps import Deps

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["PipelineService"].full_name
GATE = "gate"  # PreconditionFailure violation type of an unmet criterion


@contextmanager
def domain_errors() -> Iterator[None]:
    try:
        yield
    except InvalidField as error:
        raise FieldError(error.field, error.message) from error
    except TransitionRefused as error:
        raise Conflict(error.message) from error


def gate_status(error: GateFailed) -> grpc.Status:
    """FAILED_PRECONDITION carrying each unmet criterion, so the gateway can list them."""
    detail = any_pb2.Any()
    detail.Pack(error_details_pb2.PreconditionFailure(violations=[
        error_details_pb2.PreconditionFailure.Violation(type=GATE, subject=u.code,
                                                        description=u.message)
        for u in error.unmet]))
    return rpc_status.to_status(status_pb2.Status(
        code=code_pb2.FAILED_PRECONDITION, message="未满足进入该阶段的条件", details=[detail]))


@guard_text
class PipelineServicer(FieldWorkRpcs, HandOverRpc, pipeline_pb2_grpc.PipelineServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def OpenOpportunity(self, request: pb.OpenOpportunityRequest,
                              context: grpc.aio.ServicerContext) -> pb.Opportunity:
        cmd = opening.OpenByHand(
            account_name=request.account_name, title=request.title,
            amount_fen=request.amount_fen, lead_id=request.lead_id,
            region_id=request.region_id, idempotency_key=request.idempotency_key,
            industry=request.industry, scale=request.scale)
        principal = current_principal()
        opp_id = await opening.open_by_hand(cmd, principal, self._deps)
        return await working.get_opportunity(opp_id, principal, self._deps)

    async def UpdateOpportunity(self, request: pb.UpdateOpportunityRequest,
                                context: grpc.aio.ServicerContext) -> pb.Opportunity:
        principal = current_principal()
        await editing.update_opportunity(
            request.opportunity_id, principal=principal, deps=self._deps,
            title=request.title if request.HasField("title") else None,
            amount_fen=request.amount_fen if request.HasField("amount_fen") else None)
        return await working.get_opportunity(request.opportunity_id, principal, self._deps)

    async def GetOpportunity(self, request: pb.GetOpportunityRequest,
                             context: grpc.aio.ServicerContext) -> pb.Opportunity:
        return await working.get_opportunity(request.opportunity_id, current_principal(),
                                             self._deps)

    async def ListOpportunities(self, request: pb.ListOpportunitiesRequest,
                                context: grpc.aio.ServicerContext
                                ) -> pb.ListOpportunitiesResponse:
        with domain_errors():
            after, before = created_window(request.created_from, request.created_to)
            closed_after, closed_before = created_window(
                request.closed_from, request.closed_to, named="closed")
        flt = OpportunityFilter(stage=request.stage, owner_id=request.owner_id,
                                region_id=request.region_id, status=request.status,
                                lead_id=request.lead_id, created_after=after,
                                created_before=before, closed_after=closed_after,
                                closed_before=closed_before)
        found, cursor = await working.list_opportunities(
            flt, limit=request.page_size, cursor=request.page_token,
            principal=current_principal(), deps=self._deps)
        return pb.ListOpportunitiesResponse(opportunities=found, next_page_token=cursor)

    async def ChangeStage(self, request: pb.ChangeStageRequest,
                          context: grpc.aio.ServicerContext) -> pb.Opportunity:
        try:
            with domain_errors():
                return await working.change_stage(
                    request.opportunity_id, request.to, request.reason, current_principal(),
                    self._deps, idempotency_key=request.idempotency_key)
        except GateFailed as refused:
            await context.abort_with_status(gate_status(refused))
            raise  # pragma: no cover - abort raises

    async def ReopenOpportunity(self, request: pb.ReopenOpportunityRequest,
                                context: grpc.aio.ServicerContext) -> pb.Opportunity:
        try:
            with domain_errors():
                return await deal_reopen.reopen(
                    request.opportunity_id, request.reason, current_principal(), self._deps,
                    idempotency_key=request.idempotency_key, owner_id=request.owner_id)
        except OrgUnavailable as error:  # who may own it cannot be checked: nothing changed
            raise DirectoryUnavailable("组织架构服务暂时不可用，请稍后重试") from error

    async def CheckStep(self, request: pb.CheckStepRequest,
                        context: grpc.aio.ServicerContext) -> pb.Opportunity:
        with domain_errors():
            return await working.check_step(request.opportunity_id, request.step_id,
                                            current_principal(), self._deps)

    async def GetProcess(self, request: pb.GetProcessRequest,
                         context: grpc.aio.ServicerContext) -> pb.Process:
        return await process_admin.get_process(request.version, self._deps)

    async def PutProcess(self, request: pb.PutProcessRequest,
                         context: grpc.aio.ServicerContext) -> pb.Process:
        stages = tuple(StageDef(s.code, s.label, s.expected_days,
                                tuple(Step(p.id, p.label) for p in s.steps), tuple(s.gates))
                       for s in request.stages)
        with domain_errors():
            return await process_admin.put_process(stages, current_principal(), self._deps)
