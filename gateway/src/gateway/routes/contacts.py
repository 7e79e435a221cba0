"""A lead after assignment: log contacts (stops the first-contact clock), qualify or
disqualify. The leads service checks who may do what and whether the status allows it
(409 when it does not)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.leads.v1 import leads_pb2

from gateway.deps import BearerToken, CurrentUser, ServiceClients, Session
from gateway.lifecycle_schemas import ContactCreate, ContactPage, ContactRead, Disqualify
from gateway.list_exports import contacts_sheet
from gateway.protoconv import _time, lead_read
from gateway.routes import API_PREFIX
from gateway.schemas import LeadRead
from gateway.spreadsheets import XLSX, xlsx_download
from gateway.timefilters import typed_time

router = APIRouter(prefix=API_PREFIX, tags=["leads"])

IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="the same key on the same lead returns the same result")]


def contact_read(contact: leads_pb2.Contact) -> ContactRead:
    return ContactRead(
        id=contact.id, lead_id=contact.lead_id, rep_id=contact.rep_id,
        channel=contact.channel, outcome=contact.outcome, next_step=contact.next_step,
        next_step_at=_time(contact, "next_step_at"), contacted_at=_time(contact, "contacted_at"),
        lead_status=contact.lead_status or None)


@router.post("/leads/{lead_id}/contacts", status_code=201, response_model=ContactRead)
async def log_contact(lead_id: str, body: ContactCreate, _: CurrentUser, token: BearerToken,
                      clients: ServiceClients,
                      idempotency_key: IdempotencyKey = None) -> ContactRead:
    request = leads_pb2.LogContactRequest(
        lead_id=lead_id, idempotency_key=idempotency_key or "", channel=body.channel,
        outcome=body.outcome, next_step=body.next_step)
    if body.next_step_at is not None:
        request.next_step_at.FromDatetime(typed_time(body.next_step_at))
    return contact_read(await clients.call_leads("LogContact", request, user_token=token))


@router.get("/leads/{lead_id}/contacts", response_model=ContactPage)
async def list_contacts(lead_id: str, _: CurrentUser, token: BearerToken,
                        clients: ServiceClients, cursor: str = Query("", max_length=500),
                        limit: int = Query(50, ge=1, le=200)) -> ContactPage:
    answer = await clients.call_leads("ListContacts", leads_pb2.ListContactsRequest(
        lead_id=lead_id, page_size=limit, page_token=cursor), user_token=token)
    return ContactPage(items=[contact_read(c) for c in answer.contacts],
                       next_cursor=answer.next_page_token or None)


@router.get("/leads/{lead_id}/contacts/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_contacts(lead_id: str, _: CurrentUser, token: BearerToken,
                          clients: ServiceClients, session: Session) -> StreamingResponse:
    """The lead's whole contact log, in the list's order, for whoever may read the lead
    (404 otherwise, as the list); times in Asia/Shanghai, the rep by name."""
    build = await contacts_sheet(clients, token, session, lead_id)
    return await xlsx_download(build, "contacts", "跟进记录")


# Qualify and disqualify are idempotent by state (repeating the step the lead already
# took answers 200 and changes nothing), so Idempotency-Key is accepted and not needed.
@router.post("/leads/{lead_id}/qualify", response_model=LeadRead)
async def qualify(lead_id: str, _: CurrentUser, token: BearerToken, clients: ServiceClients,
                  idempotency_key: IdempotencyKey = None) -> LeadRead:
    return lead_read(await clients.call_leads(
        "QualifyLead", leads_pb2.QualifyLeadRequest(lead_id=lead_id), user_token=token))


@router.post("/leads/{lead_id}/disqualify", response_model=LeadRead)
async def disqualify(lead_id: str, body: Disqualify, _: CurrentUser, token: BearerToken,
                     clients: ServiceClients,
                     idempotency_key: IdempotencyKey = None) -> LeadRead:
    return lead_read(await clients.call_leads("DisqualifyLead", leads_pb2.DisqualifyLeadRequest(
        lead_id=lead_id, reason=body.reason), user_token=token))
