"""LeadService RPCs for qualified fields and lists (mixed into LeadServicer)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import contextmanager
from typing import Any

import grpc
from salesos.leads.v1 import leads_pb2
from servicekit.auth import current_principal
from servicekit.errors import FieldError
from servicekit.protos import moment

from leads.domain.commands import UpdateQualification
from leads.domain.listing import LeadFilter
from leads.domain.normalise import InvalidField
from leads.domain.qualification import DecisionMaker
from leads.service_layer import lists
from leads.service_layer.handlers import Deps
from leads.service_layer.messages import lead_to_proto


@contextmanager
def field_errors() -> Any:
    try:
        yield
    except InvalidField as error:
        raise FieldError.of(error) from error


def _optional(request: Any, name: str) -> Any:
    return getattr(request, name) if request.HasField(name) else None


def update_command(request: leads_pb2.UpdateQualificationRequest) -> UpdateQualification:
    chain = None
    if request.HasField("decision_chain"):
        chain = [DecisionMaker(name=m.name, title=m.title, role=m.role)
                 for m in request.decision_chain.members]
    return UpdateQualification(
        lead_id=request.lead_id, industry=_optional(request, "industry"),
        company_scale=_optional(request, "company_scale"),
        pain_point=_optional(request, "pain_point"), budget_fen=_optional(request, "budget_fen"),
        budget_yuan=_optional(request, "budget_yuan"), clear_budget=request.clear_budget,
        decision_chain=chain, urgency=_optional(request, "urgency"),
        tags=list(request.tags.values) if request.HasField("tags") else None,
        province=_optional(request, "province"))


def lead_filter(request: leads_pb2.ListLeadsRequest) -> LeadFilter:
    def time(name: str) -> Any:
        return moment(request, name)

    return LeadFilter(status=request.status, owner_id=request.owner_id,
                      region_id=request.region_id, source=request.source,
                      overdue=_optional(request, "overdue"), created_from=time("created_from"),
                      created_to=time("created_to"), q=request.q)


class ListsRpc:
    _deps: Deps

    async def UpdateQualification(self, request: leads_pb2.UpdateQualificationRequest,
                                  context: grpc.aio.ServicerContext) -> leads_pb2.Lead:
        with field_errors():
            lead = await lists.update_qualification(update_command(request),
                                                    current_principal(), self._deps)
        return lead_to_proto(lead)

    async def ListLeads(self, request: leads_pb2.ListLeadsRequest,
                        context: grpc.aio.ServicerContext) -> leads_pb2.ListLeadsResponse:
        with field_errors():
            found, cursor = await lists.list_leads(
                lead_filter(request), limit=request.page_size, cursor=request.page_token,
                principal=current_principal(), deps=self._deps)
        return leads_pb2.ListLeadsResponse(leads=[lead_to_proto(x) for x in found],
                                           next_page_token=cursor)

    async def StreamLeads(self, request: leads_pb2.ListLeadsRequest,
                          context: grpc.aio.ServicerContext) -> AsyncIterator[leads_pb2.Lead]:
        principal = current_principal()
        with field_errors():
            async for lead in lists.stream_leads(lead_filter(request), principal=principal,
                                                 deps=self._deps):
                yield lead_to_proto(lead)
