"""LeadService over gRPC: translate requests, call the handlers, translate answers."""

from __future__ import annotations

import grpc
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.auth import current_principal
from servicekit.errors import FieldError

from leads.domain.commands import CreateLead
from leads.domain.normalise import InvalidField
from leads.entrypoints.assignment_grpc import AssignmentRpcs
from leads.service_layer import handlers
from leads.service_layer.messages import lead_to_proto

SERVICE_NAME = leads_pb2.DESCRIPTOR.services_by_name["LeadService"].full_name


class LeadServicer(AssignmentRpcs, leads_pb2_grpc.LeadServiceServicer):
    def __init__(self, deps: handlers.Deps) -> None:
        self._deps = deps

    async def CreateLead(
        self, request: leads_pb2.CreateLeadRequest, context: grpc.aio.ServicerContext,
    ) -> leads_pb2.CreateLeadResponse:
        cmd = CreateLead(
            source=request.source, idempotency_key=request.idempotency_key, name=request.name,
            company=request.company, phone=request.phone, email=request.email,
            province=request.province, industry=request.industry, message=request.message,
        )
        try:
            lead_id, created = await handlers.create_lead(cmd, self._deps)
        except InvalidField as error:
            raise FieldError(error.field, error.message) from error
        return leads_pb2.CreateLeadResponse(lead_id=lead_id, created=created)

    async def GetLead(
        self, request: leads_pb2.GetLeadRequest, context: grpc.aio.ServicerContext,
    ) -> leads_pb2.Lead:
        lead = await handlers.get_lead(request.lead_id, current_principal(), self._deps)
        return lead_to_proto(lead)
