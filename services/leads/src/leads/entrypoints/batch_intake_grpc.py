"""CreateLeads: the gateway's coalesced intake calls (service_layer/intake_batch.py)."""

from __future__ import annotations

import grpc
from salesos.leads.v1 import leads_pb2
from servicekit.auth import current_principal
from servicekit.errors import FieldError, PermissionDenied

from leads.domain.commands import CreateLead
from leads.domain.normalise import InvalidField
from leads.service_layer import handlers
from leads.service_layer.intake_batch import Item, receive_many

MAX_ITEMS = 500  # a bound on one transaction's size; the gateway sends far fewer


def _command(request: leads_pb2.CreateLeadRequest) -> CreateLead:
    return CreateLead(
        source=request.source, idempotency_key=request.idempotency_key, name=request.name,
        company=request.company, phone=request.phone, email=request.email,
        province=request.province, industry=request.industry, message=request.message,
        wechat_id=request.wechat_id, title=request.title, event=request.event,
        booth=request.booth, channel=request.channel, source_kind=request.source_kind)


def _trace(item: leads_pb2.CreateLeadsItem) -> dict[str, str]:
    carrier = {"traceparent": item.traceparent} if item.traceparent else {}
    if item.tracestate:
        carrier["tracestate"] = item.tracestate
    return carrier


class BatchIntakeRpc:
    _deps: handlers.Deps

    async def CreateLeads(
        self, request: leads_pb2.CreateLeadsRequest, context: grpc.aio.ServicerContext,
    ) -> leads_pb2.CreateLeadsResponse:
        # Intake only: a person's manual entry makes the lead theirs (CreateLead).
        if current_principal().role != "service":
            raise PermissionDenied("批量录入仅供接入网关使用")
        if len(request.items) > MAX_ITEMS:
            raise FieldError("items", f"一次最多 {MAX_ITEMS} 条")
        outcomes = await receive_many(
            [Item(_command(i.lead), _trace(i)) for i in request.items], self._deps)
        response = leads_pb2.CreateLeadsResponse()
        for outcome in outcomes:
            result = response.results.add()
            if isinstance(outcome, InvalidField):
                result.error_field, result.error_message = outcome.field, outcome.message
                continue
            result.lead.lead_id, result.lead.created = outcome.lead_id, outcome.created
            result.lead.merged, result.lead.match_reason = outcome.merged, outcome.match_reason
            result.lead.duplicate_of = outcome.lead_id if outcome.merged else ""
        return response
