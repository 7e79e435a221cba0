"""LeadService over gRPC: translate requests, call the handlers, translate answers."""

from __future__ import annotations

import grpc
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.auth import current_principal
from servicekit.errors import FieldError, PermissionDenied

from leads.domain.commands import CreateLead
from leads.domain.normalise import InvalidField
from leads.entrypoints.assignment_grpc import AssignmentRpcs
from leads.entrypoints.batch_intake_grpc import BatchIntakeRpc
from leads.entrypoints.grpc_imports import ImportsRpc
from leads.entrypoints.grpc_lists import ListsRpc
from leads.entrypoints.handover_grpc import HandOverRpc
from leads.entrypoints.lifecycle_grpc import LifecycleRpcs
from leads.service_layer import handlers, intake, merging
from leads.service_layer.history_messages import add_history, merge_to_proto
from leads.service_layer.messages import lead_to_proto

SERVICE_NAME = leads_pb2.DESCRIPTOR.services_by_name["LeadService"].full_name
# Who may create leads: intake (the gateway's service token) and sales people by hand.
CREATOR_ROLES = frozenset({"service", "rep", "manager", "director", "admin"})


class LeadServicer(LifecycleRpcs, AssignmentRpcs, HandOverRpc, ListsRpc, ImportsRpc,
                  BatchIntakeRpc, leads_pb2_grpc.LeadServiceServicer):
    def __init__(self, deps: handlers.Deps) -> None:
        self._deps = deps

    async def CreateLead(
        self, request: leads_pb2.CreateLeadRequest, context: grpc.aio.ServicerContext,
    ) -> leads_pb2.CreateLeadResponse:
        cmd = CreateLead(
            source=request.source, idempotency_key=request.idempotency_key, name=request.name,
            company=request.company, phone=request.phone, email=request.email,
            province=request.province, industry=request.industry, message=request.message,
            wechat_id=request.wechat_id, title=request.title, event=request.event,
            booth=request.booth, channel=request.channel, source_kind=request.source_kind,
        )
        principal = current_principal()
        if principal.role not in CREATOR_ROLES:
            raise PermissionDenied("无权录入线索")
        creator = None if principal.role == "service" else principal
        try:
            arrival = await intake.receive(cmd, self._deps, creator=creator)
        except InvalidField as error:
            raise FieldError.of(error) from error
        return leads_pb2.CreateLeadResponse(
            lead_id=arrival.lead_id, created=arrival.created, merged=arrival.merged,
            duplicate_of=arrival.lead_id if arrival.merged else "",
            match_reason=arrival.match_reason)

    async def GetLead(
        self, request: leads_pb2.GetLeadRequest, context: grpc.aio.ServicerContext,
    ) -> leads_pb2.Lead:
        lead = await handlers.get_lead(request.lead_id, current_principal(), self._deps)
        return add_history(lead_to_proto(lead), lead, await merging.history(lead.id, self._deps))

    async def MergeLeads(
        self, request: leads_pb2.MergeLeadsRequest, context: grpc.aio.ServicerContext,
    ) -> leads_pb2.LeadMerge:
        try:
            merge = await merging.merge_leads(request.lead_id, request.other_lead_id,
                                              current_principal(), self._deps)
        except InvalidField as error:
            raise FieldError.of(error) from error
        return merge_to_proto(merge)

    async def UnmergeLeads(
        self, request: leads_pb2.UnmergeLeadsRequest, context: grpc.aio.ServicerContext,
    ) -> leads_pb2.LeadMerge:
        merge = await merging.unmerge_leads(request.lead_id, request.merge_id,
                                            current_principal(), self._deps)
        return merge_to_proto(merge)
