"""Assignment: admins order the rules and set reps' capacity and caps; a rep (or their
manager) marks them away; managers reassign leads; owners reject them. The leads service
authorises and validates every call (admin only → 403; a bad rule → 422 naming the field).
Creating a rule, reassigning and rejecting honour `Idempotency-Key`; PUT and DELETE are
idempotent by nature, so they accept the header and a repeat changes nothing more.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.responses import StreamingResponse
from salesos.leads.v1 import leads_pb2

from gateway.assignment_protoconv import rep_settings_read, rule_message, rule_read
from gateway.assignment_schemas import (
    AssignmentRulePage,
    AssignmentRuleRead,
    AssignmentRuleWrite,
    AvailabilityWrite,
    ReassignRequest,
    RejectRequest,
    RepAssignmentSettingsRead,
    RepAssignmentSettingsWrite,
    RuleOrder,
)
from gateway.deps import BearerToken, CurrentUser, ServiceClients, Session
from gateway.list_exports import rules_sheet
from gateway.protoconv import lead_read
from gateway.routes import API_PREFIX
from gateway.schemas import LeadRead
from gateway.spreadsheets import XLSX, xlsx_download
from gateway.timefilters import typed_time

router = APIRouter(prefix=API_PREFIX, tags=["assignment"])
RULES = "/admin/assignment-rules"
IdempotencyKey = Annotated[
    str | None, Header(max_length=200, description="a repeat with the same key acts once")]


@router.get(RULES, response_model=AssignmentRulePage)
async def list_rules(_: CurrentUser, token: BearerToken,
                     clients: ServiceClients) -> AssignmentRulePage:
    """Every rule in the order they are tried (one page: admins reorder the whole list)."""
    reply = await clients.call_leads("ListAssignmentRules",
                                     leads_pb2.ListAssignmentRulesRequest(), user_token=token)
    return AssignmentRulePage(items=[rule_read(r) for r in reply.rules])


@router.get(RULES + "/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_rules(_: CurrentUser, token: BearerToken, clients: ServiceClients,
                       session: Session) -> StreamingResponse:
    """The rules in the order they are tried (admins, as the list), with regions, sources
    and reps by name."""
    return await xlsx_download(await rules_sheet(clients, token, session),
                               "assignment-rules", "分配规则")


@router.post(RULES, status_code=201, response_model=AssignmentRuleRead)
async def create_rule(body: AssignmentRuleWrite, _: CurrentUser, token: BearerToken,
                      clients: ServiceClients,
                      idempotency_key: IdempotencyKey = None) -> AssignmentRuleRead:
    """Appends the rule after the last one."""
    request = leads_pb2.SaveAssignmentRuleRequest(rule=rule_message(body),
                                                  idempotency_key=idempotency_key or "")
    return rule_read(await clients.call_leads("CreateAssignmentRule", request,
                                              user_token=token))


# Declared before /{rule_id} so "order" is never read as a rule id.
@router.put(f"{RULES}/order", response_model=AssignmentRulePage)
async def reorder_rules(body: RuleOrder, _: CurrentUser, token: BearerToken,
                        clients: ServiceClients,
                        idempotency_key: IdempotencyKey = None) -> AssignmentRulePage:
    reply = await clients.call_leads(
        "ReorderAssignmentRules", leads_pb2.ReorderAssignmentRulesRequest(
            rule_ids=body.rule_ids), user_token=token)
    return AssignmentRulePage(items=[rule_read(r) for r in reply.rules])


@router.put(RULES + "/{rule_id}", response_model=AssignmentRuleRead)
async def update_rule(rule_id: str, body: AssignmentRuleWrite, _: CurrentUser,
                      token: BearerToken, clients: ServiceClients,
                      idempotency_key: IdempotencyKey = None) -> AssignmentRuleRead:
    request = leads_pb2.SaveAssignmentRuleRequest(rule=rule_message(body, rule_id))
    return rule_read(await clients.call_leads("UpdateAssignmentRule", request,
                                              user_token=token))


@router.delete(RULES + "/{rule_id}", status_code=204)
async def delete_rule(rule_id: str, _: CurrentUser, token: BearerToken,
                      clients: ServiceClients,
                      idempotency_key: IdempotencyKey = None) -> Response:
    await clients.call_leads("DeleteAssignmentRule",
                             leads_pb2.DeleteAssignmentRuleRequest(rule_id=rule_id),
                             user_token=token)
    return Response(status_code=204)


@router.put("/admin/reps/{user_id}/assignment-settings",
            response_model=RepAssignmentSettingsRead)
async def set_assignment_settings(
    user_id: str, body: RepAssignmentSettingsWrite, _: CurrentUser, token: BearerToken,
    clients: ServiceClients, idempotency_key: IdempotencyKey = None,
) -> RepAssignmentSettingsRead:
    request = leads_pb2.SetRepAssignmentSettingsRequest(
        user_id=user_id, capacity=body.capacity, daily_cap=body.daily_cap)
    return rep_settings_read(await clients.call_leads("SetRepAssignmentSettings", request,
                                                      user_token=token))


@router.put("/reps/{user_id}/availability", response_model=RepAssignmentSettingsRead)
async def set_availability(
    user_id: str, body: AvailabilityWrite, _: CurrentUser, token: BearerToken,
    clients: ServiceClients, idempotency_key: IdempotencyKey = None,
) -> RepAssignmentSettingsRead:
    request = leads_pb2.SetRepAvailabilityRequest(user_id=user_id, away=body.away)
    if body.until is not None:
        request.until.FromDatetime(typed_time(body.until))
    return rep_settings_read(await clients.call_leads("SetRepAvailability", request,
                                                      user_token=token))


@router.post("/leads/{lead_id}/reassign", response_model=LeadRead)
async def reassign(lead_id: str, body: ReassignRequest, _: CurrentUser, token: BearerToken,
                   clients: ServiceClients, idempotency_key: IdempotencyKey = None) -> LeadRead:
    request = leads_pb2.ReassignLeadRequest(lead_id=lead_id, owner_id=body.owner_id,
                                            reason=body.reason,
                                            idempotency_key=idempotency_key or "")
    return lead_read(await clients.call_leads("ReassignLead", request, user_token=token))


@router.post("/leads/{lead_id}/reject", response_model=LeadRead)
async def reject(lead_id: str, body: RejectRequest, _: CurrentUser, token: BearerToken,
                 clients: ServiceClients, idempotency_key: IdempotencyKey = None) -> LeadRead:
    request = leads_pb2.RejectLeadRequest(lead_id=lead_id, reason=body.reason,
                                          idempotency_key=idempotency_key or "")
    return lead_read(await clients.call_leads("RejectLead", request, user_token=token))
