"""LeadService's assignment RPCs (rules, rep settings, reassign, reject), mixed into
LeadServicer: translate requests, call the handlers, translate answers."""

from __future__ import annotations

import grpc
from salesos.leads.v1 import leads_pb2
from servicekit.auth import current_principal
from servicekit.protos import moment

from leads.service_layer import handover, reps, rules_admin
from leads.service_layer.assignment_messages import (
    rep_view_to_proto,
    rule_from_proto,
    rule_to_proto,
)
from leads.service_layer.handlers import Deps
from leads.service_layer.messages import lead_to_proto

Ctx = grpc.aio.ServicerContext


class AssignmentRpcs:
    _deps: Deps

    async def ListAssignmentRules(self, request: leads_pb2.ListAssignmentRulesRequest,
                                  context: Ctx) -> leads_pb2.ListAssignmentRulesResponse:
        rules = await rules_admin.list_rules(current_principal(), self._deps)
        return leads_pb2.ListAssignmentRulesResponse(rules=[rule_to_proto(r) for r in rules])

    async def CreateAssignmentRule(self, request: leads_pb2.SaveAssignmentRuleRequest,
                                   context: Ctx) -> leads_pb2.AssignmentRule:
        rule = await rules_admin.create_rule(
            rule_from_proto(request.rule), current_principal(), self._deps,
            idempotency_key=request.idempotency_key)
        return rule_to_proto(rule)

    async def UpdateAssignmentRule(self, request: leads_pb2.SaveAssignmentRuleRequest,
                                   context: Ctx) -> leads_pb2.AssignmentRule:
        rule = await rules_admin.update_rule(rule_from_proto(request.rule),
                                             current_principal(), self._deps)
        return rule_to_proto(rule)

    async def DeleteAssignmentRule(self, request: leads_pb2.DeleteAssignmentRuleRequest,
                                   context: Ctx) -> leads_pb2.DeleteAssignmentRuleResponse:
        await rules_admin.delete_rule(request.rule_id, current_principal(), self._deps)
        return leads_pb2.DeleteAssignmentRuleResponse()

    async def ReorderAssignmentRules(self, request: leads_pb2.ReorderAssignmentRulesRequest,
                                     context: Ctx) -> leads_pb2.ListAssignmentRulesResponse:
        rules = await rules_admin.reorder_rules(list(request.rule_ids), current_principal(),
                                                self._deps)
        return leads_pb2.ListAssignmentRulesResponse(rules=[rule_to_proto(r) for r in rules])

    async def SetRepAssignmentSettings(
        self, request: leads_pb2.SetRepAssignmentSettingsRequest, context: Ctx,
    ) -> leads_pb2.RepAssignmentSettings:
        view = await reps.set_assignment_settings(
            request.user_id, capacity=request.capacity,
            daily_cap=request.daily_cap if request.HasField("daily_cap") else None,
            principal=current_principal(), deps=self._deps)
        return rep_view_to_proto(view)

    async def SetRepAvailability(self, request: leads_pb2.SetRepAvailabilityRequest,
                                 context: Ctx) -> leads_pb2.RepAssignmentSettings:
        until = moment(request, "until")
        view = await reps.set_availability(request.user_id, away=request.away, until=until,
                                           principal=current_principal(), deps=self._deps)
        return rep_view_to_proto(view)

    async def ReassignLead(self, request: leads_pb2.ReassignLeadRequest,
                           context: Ctx) -> leads_pb2.Lead:
        lead = await handover.reassign_lead(
            request.lead_id, owner_id=request.owner_id, reason=request.reason,
            principal=current_principal(), deps=self._deps,
            idempotency_key=request.idempotency_key)
        return lead_to_proto(lead)

    async def RejectLead(self, request: leads_pb2.RejectLeadRequest,
                         context: Ctx) -> leads_pb2.Lead:
        lead = await handover.reject_lead(
            request.lead_id, reason=request.reason, principal=current_principal(),
            deps=self._deps, idempotency_key=request.idempotency_key)
        return lead_to_proto(lead)
